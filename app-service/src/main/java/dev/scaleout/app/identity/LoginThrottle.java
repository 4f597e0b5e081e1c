package dev.scaleout.app.identity;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Failed logins counted per user and client address, in Redis so that every replica
 * counts together. After {@code maxFailures} within {@code window} that user is refused
 * from that address until the window ends. Keyed by address as well as user, so an
 * attacker hammering a name cannot lock its owner out: the owner logs in from their own
 * address, and the attacker's own lock ends with its window.
 */
@Component
class LoginThrottle {

	private static final String PREFIX = "login:failures:";

	/**
	 * Count and expiry in one step: a key incremented but never given its expiry would
	 * lock the user out for good.
	 */
	private static final RedisScript<Long> COUNT_FAILURE = RedisScript.of("""
			local failures = redis.call('INCR', KEYS[1])
			if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return failures""", Long.class);

	private final StringRedisTemplate redis;

	private final IdentityProperties.LoginThrottle settings;

	LoginThrottle(StringRedisTemplate redis, IdentityProperties properties) {
		this.redis = redis;
		this.settings = properties.loginThrottle();
	}

	/**
	 * How long this user must wait before trying again from this address; zero if not.
	 */
	Duration blockedFor(String username, String client) {
		String key = key(username, client);
		String failures = this.redis.opsForValue().get(key);
		if (failures == null || Long.parseLong(failures) < this.settings.maxFailures()) {
			return Duration.ZERO;
		}
		Long remaining = this.redis.getExpire(key, TimeUnit.MILLISECONDS);
		return (remaining != null && remaining > 0) ? Duration.ofMillis(remaining) : Duration.ZERO;
	}

	void failed(String username, String client) {
		this.redis.execute(COUNT_FAILURE, List.of(key(username, client)),
				String.valueOf(this.settings.window().toMillis()));
	}

	void succeeded(String username, String client) {
		this.redis.delete(key(username, client));
	}

	/**
	 * User names are case-insensitive (InMemoryUserDetailsManager), so are their counts.
	 */
	private static String key(String username, String client) {
		return PREFIX + username.toLowerCase(Locale.ROOT) + "|" + client;
	}

}
