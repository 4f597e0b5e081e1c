package dev.scaleout.app.session;

import java.util.Properties;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The shared Redis's memory and, for the {@code redis} store, its session count. Sessions
 * are counted by {@code SCAN} (cursor, 1000 keys a step), never {@code KEYS}, which would
 * block Redis for every client while it walks a large keyspace.
 */
class RedisStoreUsage implements SessionStoreUsage.Probe {

	/** Spring Session's key of a session: its namespace, then {@code sessions:<id>}. */
	static final String SESSION_KEYS = RedisSessionConfig.NAMESPACE + ":sessions:*";

	private final StringRedisTemplate redis;

	private final String store;

	private final boolean countSessions;

	RedisStoreUsage(StringRedisTemplate redis, String store, boolean countSessions) {
		this.redis = redis;
		this.store = store;
		this.countSessions = countSessions;
	}

	@Override
	public SessionStoreUsage read() {
		Properties memory = info("memory");
		Properties stats = info("stats");
		return new SessionStoreUsage(this.store, this.countSessions ? countSessions() : null, null, "redis",
				number(memory, "used_memory"), number(memory, "maxmemory"), number(stats, "evicted_keys"));
	}

	private Properties info(String section) {
		Properties info = this.redis.execute((RedisCallback<Properties>) (c) -> c.serverCommands().info(section));
		return (info != null) ? info : new Properties();
	}

	private long countSessions() {
		long count = 0;
		try (Cursor<String> keys = this.redis.scan(ScanOptions.scanOptions().match(SESSION_KEYS).count(1000).build())) {
			while (keys.hasNext()) {
				keys.next();
				count++;
			}
		}
		return count;
	}

	private static long number(Properties info, String name) {
		String value = info.getProperty(name);
		return (value != null) ? Long.parseLong(value.trim()) : 0;
	}

}
