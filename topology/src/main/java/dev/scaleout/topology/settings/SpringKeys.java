package dev.scaleout.topology.settings;

/** Spring Boot's own properties, read by both services. */
public final class SpringKeys {

	public static final Key<Integer> SERVER_PORT = Key.number("server.port");

	public static final Key<String> REDIS_HOST = Key.text("spring.data.redis.host");

	public static final Key<Integer> REDIS_PORT = Key.number("spring.data.redis.port");

	/** The name the Sentinels know the session store's primary by. */
	public static final Key<String> REDIS_SENTINEL_MASTER = Key.text("spring.data.redis.sentinel.master");

	/** {@code host:port,...} of the Sentinels. */
	public static final Key<String> REDIS_SENTINEL_NODES = Key.text("spring.data.redis.sentinel.nodes");

	private SpringKeys() {
	}

}
