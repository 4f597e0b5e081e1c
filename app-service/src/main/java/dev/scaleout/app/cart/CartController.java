package dev.scaleout.app.cart;

import java.math.BigDecimal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import dev.scaleout.app.catalog.Catalog;
import dev.scaleout.app.catalog.Sku;
import dev.scaleout.app.catalog.Product;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The session's cart, one line at a time. Every answer carries the cart's version as its
 * {@code ETag}; a change sent with {@code If-Match} applies only to that version (else
 * 412), so a client that read the cart, decided, and wrote, knows whether another tab
 * changed it in between. Without {@code If-Match} a change of one line is applied as it
 * is, and never undoes another tab's change of another line.
 */
@RestController
@RequestMapping("/api/cart")
@Validated
class CartController {

	private final CartStore carts;

	private final Catalog catalog;

	CartController(CartStore carts, Catalog catalog) {
		this.carts = carts;
		this.catalog = catalog;
	}

	@GetMapping
	ResponseEntity<CartView> cart(HttpServletRequest request) {
		return answer(this.carts.get(request));
	}

	@PutMapping(path = "/items/{sku}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CartView> put(@PathVariable @Sku String sku, @Valid @RequestBody Quantity body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request,
			HttpServletResponse response) {
		this.catalog.get(sku);
		return answer(this.carts.put(sku, body.quantity(), IfMatch.parse(ifMatch), request, response));
	}

	@DeleteMapping("/items/{sku}")
	ResponseEntity<CartView> remove(@PathVariable @Sku String sku,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request,
			HttpServletResponse response) {
		this.catalog.get(sku);
		return answer(this.carts.remove(sku, IfMatch.parse(ifMatch), request, response));
	}

	private ResponseEntity<CartView> answer(Cart cart) {
		return ResponseEntity.ok().eTag(cart.version()).body(CartView.of(cart, this.catalog));
	}

	record Quantity(@NotNull @Min(1) @Max(99) Integer quantity) {
	}

	record CartView(List<Line> items, BigDecimal total) {

		static CartView of(Cart cart, Catalog catalog) {
			List<Line> lines = cart.items().entrySet().stream().map((entry) -> {
				Product product = catalog.get(entry.getKey());
				return new Line(product.sku(), product.name(), entry.getValue(), product.price());
			}).toList();
			BigDecimal total = lines.stream()
				.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
				.reduce(BigDecimal.ZERO, BigDecimal::add);
			return new CartView(lines, total);
		}

	}

	record Line(String sku, String name, int quantity, BigDecimal unitPrice) {
	}

}
