package dev.scaleout.app.session;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Ids of logged-out session tokens, in Redis so every replica refuses them, each kept
 * only until the token it names would have expired anyway.
 */
class TokenDenyList {

	private static final String PREFIX = "session:denied:";

	private final StringRedisTemplate redis;

	TokenDenyList(StringRedisTemplate redis) {
		this.redis = redis;
	}

	void deny(String tokenId, Duration remainingLifetime) {
		this.redis.opsForValue().set(PREFIX + tokenId, "1", remainingLifetime);
	}

	boolean isDenied(String tokenId) {
		return Boolean.TRUE.equals(this.redis.hasKey(PREFIX + tokenId));
	}

}
