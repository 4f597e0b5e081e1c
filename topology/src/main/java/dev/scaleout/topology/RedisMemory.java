package dev.scaleout.topology;

import java.util.List;

import dev.scaleout.topology.settings.Choices;

/**
 * The bound on a Redis server's memory and what it does when the bound is reached. The
 * same figures are in docker-compose.yml and k8s/base (redis.yaml, redis-lock.yaml).
 *
 * @param maxBytes Redis's {@code maxmemory}
 * @param policy its {@code maxmemory-policy}
 */
public record RedisMemory(long maxBytes, Eviction policy) {

	private static final long MIB = 1024 * 1024;

	/**
	 * The session store: only keys with an expiry can go (sessions, carts, idempotency
	 * keys), shortest remaining time first: the anonymous sessions (minutes) before any
	 * logged-in one (half an hour). Stock and orders have no expiry and are never
	 * evicted; when nothing else is left, writes are refused (503).
	 */
	public static final RedisMemory SESSION_STORE = new RedisMemory(256 * MIB, Eviction.VOLATILE_TTL);

	/** A lock node: an evicted lock is two holders, so a full node refuses the grant. */
	public static final RedisMemory LOCK_NODE = new RedisMemory(64 * MIB, Eviction.NOEVICTION);

	/** Redis's eviction policies that this project uses. */
	public enum Eviction {

		VOLATILE_TTL, NOEVICTION;

		/** As Redis spells it: {@code volatile-ttl}. */
		public String redisName() {
			return Choices.text(this);
		}

	}

	List<String> arguments() {
		return List.of("--maxmemory", String.valueOf(this.maxBytes), "--maxmemory-policy", this.policy.redisName());
	}

}
