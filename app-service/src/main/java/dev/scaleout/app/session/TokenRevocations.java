package dev.scaleout.app.session;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What takes a signed token back, in Redis so every replica refuses it: the ids of
 * logged-out tokens (each kept only until the token would have expired anyway), and per
 * user a revocation <em>epoch</em>: a token issued under an older epoch than the user's
 * current one is refused, which is how "log out everywhere else" ends tokens the server
 * never kept a list of.
 */
class TokenRevocations {

	private static final String DENIED = "session:denied:";

	private static final String EPOCH = "scaleout:session:epoch:";

	private final StringRedisTemplate redis;

	TokenRevocations(StringRedisTemplate redis) {
		this.redis = redis;
	}

	void deny(String tokenId, Duration remainingLifetime) {
		this.redis.opsForValue().set(DENIED + tokenId, "1", remainingLifetime);
	}

	/** The user's current epoch (0 until their first "log out everywhere else"). */
	long epoch(String user) {
		String epoch = this.redis.opsForValue().get(EPOCH + user);
		return (epoch != null) ? Long.parseLong(epoch) : 0;
	}

	/** Every token of the user issued before now is refused from now on. */
	long raiseEpoch(String user) {
		Long epoch = this.redis.opsForValue().increment(EPOCH + user);
		return (epoch != null) ? epoch : 0;
	}

	/** Logged out, or issued under an older epoch: one round trip for both. */
	boolean isRevoked(String tokenId, String user, long epoch) {
		List<String> values = this.redis.opsForValue().multiGet(Arrays.asList(DENIED + tokenId, EPOCH + user));
		if (values == null) {
			return false;
		}
		return values.get(0) != null || (values.get(1) != null && Long.parseLong(values.get(1)) > epoch);
	}

}
