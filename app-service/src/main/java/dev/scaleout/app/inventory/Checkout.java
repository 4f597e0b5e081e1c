package dev.scaleout.app.inventory;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.scaleout.app.system.InstanceProperties;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns a cart into an order exactly once per idempotency key: claims the key, reserves
 * the stock through the configured guard, records the order, and remembers the outcome so
 * that a repeated request gets the same answer.
 */
@Component
class Checkout {

	private final Reservation reservation;

	private final IdempotencyStore idempotency;

	private final OrderStore orders;

	private final InstanceProperties instance;

	Checkout(Reservation reservation, IdempotencyStore idempotency, OrderStore orders, InstanceProperties instance) {
		this.reservation = reservation;
		this.idempotency = idempotency;
		this.orders = orders;
		this.instance = instance;
	}

	/**
	 * @return the order: new, or the one this key already produced
	 * @throws org.springframework.web.ErrorResponseException 409 short or in progress,
	 * 422 a different cart for the same key
	 */
	Order checkout(String user, String key, SortedMap<String, Integer> cart) {
		if (cart.isEmpty()) {
			// A repeat that arrives after the first attempt emptied the cart still gets
			// its outcome.
			IdempotencyStore.Outcome previous = this.idempotency.peek(user, key);
			if (previous == null) {
				throw CheckoutProblems.of(HttpStatus.UNPROCESSABLE_CONTENT,
						"The cart is empty: add items with PUT /api/cart/items/{sku} first.");
			}
			return replay(previous, null);
		}
		String fingerprint = cart.entrySet()
			.stream()
			.map((line) -> line.getKey() + "x" + line.getValue())
			.collect(Collectors.joining(","));
		IdempotencyStore.Outcome previous = this.idempotency.claim(user, key, fingerprint);
		if (previous != null) {
			return replay(previous, fingerprint);
		}
		List<String> shortSkus;
		try {
			shortSkus = this.reservation.reserve(new TreeMap<>(cart));
		}
		catch (RuntimeException ex) {
			// Nothing was written: the key may be used again.
			this.idempotency.release(user, key);
			throw ex;
		}
		if (!shortSkus.isEmpty()) {
			this.idempotency.record(user, key, IdempotencyStore.Outcome.outOfStock(fingerprint, shortSkus));
			throw CheckoutProblems.outOfStock(shortSkus);
		}
		Order order = new Order(UUID.randomUUID().toString(), user, cart, "CONFIRMED", this.instance.instanceId(),
				Instant.now());
		this.orders.save(order);
		this.idempotency.record(user, key, IdempotencyStore.Outcome.confirmed(fingerprint, order.id()));
		return order;
	}

	private Order replay(IdempotencyStore.Outcome previous, String fingerprint) {
		if (fingerprint != null && !previous.cart().equals(fingerprint)) {
			throw CheckoutProblems.of(HttpStatus.UNPROCESSABLE_CONTENT,
					"This Idempotency-Key was used for a different cart; use a new key for a new checkout.");
		}
		return switch (previous.state()) {
			case CONFIRMED -> this.orders.find(previous.detail())
				.orElseThrow(() -> CheckoutProblems.of(HttpStatus.CONFLICT, "The order of this key is gone."));
			case SHORT -> throw CheckoutProblems.outOfStock(previous.shortSkus());
			case PENDING -> throw CheckoutProblems.of(HttpStatus.CONFLICT,
					"A checkout with this Idempotency-Key is in progress; retry shortly for its outcome.");
		};
	}

}
