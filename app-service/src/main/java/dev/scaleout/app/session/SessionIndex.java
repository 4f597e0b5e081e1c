package dev.scaleout.app.session;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Which sessions each user has: a Redis sorted set per store and user,
 * {@code scaleout:session:index:<store>:<user>}, of session (or token) ids scored by the
 * time of their login. Written at login and logout only, never on an ordinary request; a
 * session that simply expired is pruned when its owner next logs in or lists them.
 */
class SessionIndex {

	private static final String KEY = "scaleout:session:index:";

	/** The most logins a user's index remembers (the oldest go first). */
	private static final int MOST = 1000;

	/**
	 * KEYS[1]: the index. ARGV[1]: the new id, ARGV[2]: its login time (ms), ARGV[3]: the
	 * most sessions the user may have (0: no limit). Adds the id and, in the same step,
	 * removes and returns the oldest others beyond the limit, so that two logins at once
	 * cannot both evict each other.
	 */
	private static final RedisScript<List> ADD = RedisScript.of("""
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			local limit = tonumber(ARGV[3])
			if limit == 0 then limit = %d end
			local evicted = {}
			local count = redis.call('ZCARD', KEYS[1])
			if count > limit then
			  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, count - 1)) do
			    if count <= limit then break end
			    if id ~= ARGV[1] then
			      redis.call('ZREM', KEYS[1], id)
			      table.insert(evicted, id)
			      count = count - 1
			    end
			  end
			end
			return evicted
			""".formatted(MOST), List.class);

	private final StringRedisTemplate redis;

	/**
	 * Replicas of two stores may share a Redis (a jwt canary): each has its own index.
	 */
	private final String prefix;

	SessionIndex(StringRedisTemplate redis, String store) {
		this.redis = redis;
		this.prefix = KEY + store + ":";
	}

	/**
	 * @return the ids that the limit pushed out, oldest first: the caller ends them
	 */
	List<String> add(String user, String id, Instant loggedInAt, int limit) {
		List<?> evicted = this.redis.execute(ADD, List.of(this.prefix + user), id,
				String.valueOf(loggedInAt.toEpochMilli()), String.valueOf(limit));
		return (evicted != null) ? evicted.stream().map(String::valueOf).toList() : List.of();
	}

	void remove(String user, String... ids) {
		if (ids.length > 0) {
			this.redis.opsForZSet().remove(this.prefix + user, (Object[]) ids);
		}
	}

	/** Ids and login times, oldest first. */
	Map<String, Instant> sessions(String user) {
		Map<String, Instant> sessions = new LinkedHashMap<>();
		Set<TypedTuple<String>> members = this.redis.opsForZSet().rangeWithScores(this.prefix + user, 0, -1);
		if (members != null) {
			for (TypedTuple<String> member : members) {
				sessions.put(member.getValue(), Instant.ofEpochMilli(member.getScore().longValue()));
			}
		}
		return sessions;
	}

}
