package dev.scaleout.app.inventory;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What became of each (user, Idempotency-Key): claimed atomically with SET NX, so that
 * duplicates racing on different replicas see one winner; kept 24 hours.
 *
 * Values: {@code PENDING|cart}, {@code CONFIRMED|cart|orderId},
 * {@code SHORT|cart|sku,sku}.
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
		Boolean claimed = this.redis.opsForValue().setIfAbsent(redisKey, "PENDING|" + cart, TTL);
		if (Boolean.TRUE.equals(claimed)) {
			return null;
		}
		String value = this.redis.opsForValue().get(redisKey);
		return (value != null) ? Outcome.parse(value) : new Outcome("PENDING", cart, "");
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

	record Outcome(String state, String cart, String detail) {

		static Outcome parse(String value) {
			String[] parts = value.split("\\|", 3);
			return new Outcome(parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
		}

		String format() {
			return this.state + "|" + this.cart + "|" + this.detail;
		}

	}

}
