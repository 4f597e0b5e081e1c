package dev.scaleout.app.cart;

import java.math.BigDecimal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.scaleout.app.catalog.Catalog;
import dev.scaleout.app.catalog.Product;
import dev.scaleout.app.session.SessionData;
import dev.scaleout.app.session.SessionStore;

import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cart lives in the session, so it follows the user to every replica that can read
 * the session.
 */
@RestController
@RequestMapping("/api/cart")
@Validated
class CartController {

	private static final String SKU_MESSAGE = "must be upper-case letters, digits and dashes (at most 32)";

	private final SessionStore sessions;

	private final Catalog catalog;

	CartController(SessionStore sessions, Catalog catalog) {
		this.sessions = sessions;
		this.catalog = catalog;
	}

	@GetMapping
	Cart cart(HttpServletRequest request) {
		return Cart.of(this.sessions.load(request), this.catalog);
	}

	@PutMapping(path = "/items/{sku}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Cart put(@PathVariable @Pattern(regexp = Catalog.SKU_PATTERN, message = SKU_MESSAGE) String sku,
			@Valid @RequestBody Quantity body, HttpServletRequest request, HttpServletResponse response) {
		this.catalog.get(sku);
		SessionData session = this.sessions.load(request).withCartItem(sku, body.quantity());
		this.sessions.save(session, request, response);
		return Cart.of(session, this.catalog);
	}

	@DeleteMapping("/items/{sku}")
	Cart remove(@PathVariable @Pattern(regexp = Catalog.SKU_PATTERN, message = SKU_MESSAGE) String sku,
			HttpServletRequest request, HttpServletResponse response) {
		this.catalog.get(sku);
		SessionData session = this.sessions.load(request).withoutCartItem(sku);
		this.sessions.save(session, request, response);
		return Cart.of(session, this.catalog);
	}

	record Quantity(@NotNull @Min(1) @Max(99) Integer quantity) {
	}

	record Cart(List<Line> items, BigDecimal total) {

		static Cart of(SessionData session, Catalog catalog) {
			List<Line> lines = session.cart().entrySet().stream().map((entry) -> {
				Product product = catalog.get(entry.getKey());
				return new Line(product.sku(), product.name(), entry.getValue(), product.price());
			}).toList();
			BigDecimal total = lines.stream()
				.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
				.reduce(BigDecimal.ZERO, BigDecimal::add);
			return new Cart(lines, total);
		}

	}

	record Line(String sku, String name, int quantity, BigDecimal unitPrice) {
	}

}
