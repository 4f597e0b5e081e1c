package dev.scaleout.app.inventory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.scaleout.app.cart.Cart;
import dev.scaleout.app.cart.CartStore;
import dev.scaleout.app.session.SessionData;
import dev.scaleout.app.session.SessionStore;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checkout of the session's cart, and the user's orders.
 */
@RestController
@RequestMapping("/api/orders")
class OrdersController {

	private final Checkout checkout;

	private final OrderStore orders;

	private final SessionStore sessions;

	private final CartStore carts;

	OrdersController(Checkout checkout, OrderStore orders, SessionStore sessions, CartStore carts) {
		this.checkout = checkout;
		this.orders = orders;
		this.sessions = sessions;
		this.carts = carts;
	}

	@PostMapping
	ResponseEntity<OrderView> checkout(@RequestHeader(name = "Idempotency-Key", required = false) String key,
			HttpServletRequest request, HttpServletResponse response) {
		String idempotencyKey = validKey(key);
		SessionData session = this.sessions.load(request);
		Cart cart = this.carts.get(request);
		Order order = this.checkout.checkout(session.user(), idempotencyKey, new TreeMap<>(cart.items()));
		// Lines added or changed by another tab while this checkout ran stay in the cart.
		this.carts.checkedOut(cart.items(), request, response);
		return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(OrderView.of(order));
	}

	@GetMapping("/{id}")
	OrderView order(@PathVariable String id, HttpServletRequest request) {
		String user = this.sessions.load(request).user();
		return this.orders.find(id)
			.filter((order) -> order.user().equals(user))
			.map(OrderView::of)
			.orElseThrow(() -> CheckoutProblems.of(HttpStatus.NOT_FOUND, "You have no order " + id + "."));
	}

	@GetMapping
	List<OrderView> orders(HttpServletRequest request) {
		return this.orders.ofUser(this.sessions.load(request).user()).stream().map(OrderView::of).toList();
	}

	private static String validKey(String key) {
		if (key == null || key.isBlank()) {
			throw CheckoutProblems.of(HttpStatus.BAD_REQUEST,
					"Header Idempotency-Key is required: a new UUID per checkout, the same one when you retry it.");
		}
		try {
			if (key.length() == 36) {
				return UUID.fromString(key).toString();
			}
		}
		catch (IllegalArgumentException ex) {
			// falls through to the refusal below
		}
		throw CheckoutProblems.of(HttpStatus.BAD_REQUEST,
				"Header Idempotency-Key must be a UUID, e.g. " + "123e4567-e89b-42d3-a456-426614174000.");
	}

	record OrderView(String id, Map<String, Integer> items, String status, String instance) {

		static OrderView of(Order order) {
			return new OrderView(order.id(), order.items(), order.status(), order.instance());
		}

	}

}
