package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What became of each (user, Idempotency-Key): claimed atomically with SET NX, so that
 * duplicates racing on different replicas see one winner; kept 24 hours.
 *
 * Stored as {@code PENDING|cart}, {@code CONFIRMED|cart|orderId} or
 * {@code SHORT|cart|sku,sku} ({@link Outcome#format()}): text that two versions of the
 * app read alike.
 */
@Component
class IdempotencyStore {

	static final Duration TTL = Duration.ofHours(24);

	private static final String KEY = "scaleout:idempotency:";

	private final StringRedisTemplate redis;

	IdempotencyStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * @return {@code null} when this call claimed the key, else the outcome recorded so
	 * far
	 */
	Outcome claim(String user, String key, String cart) {
		String redisKey = KEY + user + ":" + key;
		Boolean claimed = this.redis.opsForValue().setIfAbsent(redisKey, Outcome.pending(cart).format(), TTL);
		if (Boolean.TRUE.equals(claimed)) {
			return null;
		}
		String value = this.redis.opsForValue().get(redisKey);
		return (value != null) ? Outcome.parse(value) : Outcome.pending(cart);
	}

	/**
	 * @return the outcome recorded for this key, or {@code null} when there is none
	 */
	Outcome peek(String user, String key) {
		String value = this.redis.opsForValue().get(KEY + user + ":" + key);
		return (value != null) ? Outcome.parse(value) : null;
	}

	void record(String user, String key, Outcome outcome) {
		this.redis.opsForValue().set(KEY + user + ":" + key, outcome.format(), TTL);
	}

	/**
	 * A failed attempt that changed nothing (store or lock unavailable) may be tried
	 * again.
	 */
	void release(String user, String key) {
		this.redis.delete(KEY + user + ":" + key);
	}

	enum State {

		/** Claimed; the checkout has not ended (or its replica died before it did). */
		PENDING,

		/** Ordered: the detail is the order's id. */
		CONFIRMED,

		/** Refused for stock: the detail is the short SKUs. */
		SHORT

	}

	/**
	 * @param cart the cart's fingerprint, to refuse the key for a different cart
	 * @param detail the order id (CONFIRMED), the short SKUs joined by commas (SHORT), or
	 * empty
	 */
	record Outcome(State state, String cart, String detail) {

		static Outcome pending(String cart) {
			return new Outcome(State.PENDING, cart, "");
		}

		static Outcome confirmed(String cart, String orderId) {
			return new Outcome(State.CONFIRMED, cart, orderId);
		}

		static Outcome outOfStock(String cart, List<String> shortSkus) {
			return new Outcome(State.SHORT, cart, String.join(",", shortSkus));
		}

		List<String> shortSkus() {
			return (this.state == State.SHORT) ? List.of(this.detail.split(",")) : List.of();
		}

		/**
		 * A state this version does not know (a later version's) reads as pending: the
		 * client is told to come back, never given an outcome this version made up.
		 */
		static Outcome parse(String value) {
			String[] parts = value.split("\\|", 3);
			State state = Arrays.stream(State.values())
				.filter((known) -> known.name().equals(parts[0]))
				.findFirst()
				.orElse(State.PENDING);
			return new Outcome(state, parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
		}

		String format() {
			return this.state.name() + "|" + this.cart + "|" + this.detail;
		}

	}

}
