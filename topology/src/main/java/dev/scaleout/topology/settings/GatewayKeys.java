package dev.scaleout.topology.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The gateway properties the topology sets. A new setting is one more constant here. */
public final class GatewayKeys {

	/** The actuator's own port: probes and metrics, never proxied. */
	public static final Key<Integer> MANAGEMENT_PORT = Key.number("management.server.port");

	public static final Key<Boolean> LOGIN_RATE_LIMIT_ENABLED = Key.flag("gateway.routing.login-rate-limit.enabled");

	public static final Key<Integer> LOGIN_RATE_LIMIT_REPLENISH_RATE = Key
		.number("gateway.routing.login-rate-limit.replenish-rate");

	public static final Key<Integer> LOGIN_RATE_LIMIT_BURST_CAPACITY = Key
		.number("gateway.routing.login-rate-limit.burst-capacity");

	public static final Key<Duration> HEALTH_TIMEOUT = Key.duration("gateway.health.timeout");

	public static final Key<Integer> HEALTH_UNHEALTHY_THRESHOLD = Key.number("gateway.health.unhealthy-threshold");

	/**
	 * Below this percentage of healthy replicas a pool also offers the answering,
	 * unhealthy ones (Envoy's healthy panic threshold); 0 panics only when none is
	 * healthy.
	 */
	public static final Key<Integer> HEALTH_PANIC_THRESHOLD = Key.number("gateway.health.panic-threshold");

	public static final Key<Integer> OUTLIER_CONSECUTIVE_ERRORS = Key.number("gateway.outlier.consecutive-errors");

	/**
	 * How long a replica just admitted takes to reach its full share (slow start); zero
	 * turns it off.
	 */
	public static final Key<Duration> SLOW_START_WINDOW = Key.duration("gateway.slow-start.window");

	/** An adaptive limit on each replica's requests in flight, with a bounded queue. */
	public static final Key<Boolean> CONCURRENCY_ENABLED = Key.flag("gateway.concurrency.enabled");

	/** Requests of a pool that may wait for room under the concurrency limit. */
	public static final Key<Integer> CONCURRENCY_QUEUE_SIZE = Key.number("gateway.concurrency.queue-size");

	/** A second try of a GET not answered within the hedging delay. */
	public static final Key<Boolean> HEDGING_ENABLED = Key.flag("gateway.retry.hedging.enabled");

	public static final Key<Duration> HEDGING_DELAY = Key.duration("gateway.retry.hedging.delay");

	private GatewayKeys() {
	}

	/** The keys of one pool ({@code gateway.pools.<pool>.*}). */
	public static PoolKeys pool(Pool pool) {
		return new PoolKeys(pool);
	}

	/** Every key the topology can set on the gateway, Spring Boot's own included. */
	public static List<Key<?>> all() {
		List<Key<?>> keys = new ArrayList<>(Keys.declaredIn(GatewayKeys.class, SpringKeys.class));
		for (Pool pool : Pool.values()) {
			keys.addAll(pool(pool).all());
		}
		return keys;
	}

	/** The settings of one of the gateway's pools. */
	public record PoolKeys(Pool pool) {

		public Key<Strategy> strategy() {
			return Key.choice(prefix() + "strategy", Strategy.class);
		}

		/** A file listing the pool's instance URLs, which the gateway re-reads. */
		public Key<String> discoveryFile() {
			return Key.text(prefix() + "discovery.file");
		}

		/** How often the gateway reads the file (or the DNS name) again. */
		public Key<Duration> discoveryRefreshInterval() {
			return Key.duration(prefix() + "discovery.refresh-interval");
		}

		public Key<HashSource> hashKeySource() {
			return Key.choice(prefix() + "hash-key.source", HashSource.class);
		}

		/** The cookie or header that {@link #hashKeySource()} names. */
		public Key<String> hashKeyName() {
			return Key.text(prefix() + "hash-key.name");
		}

		/**
		 * Bounded loads for {@link Strategy#CONSISTENT_HASH}: the most in flight on one
		 * instance, as a percentage of the average; 0 unbounded.
		 */
		public Key<Integer> hashBalanceFactor() {
			return Key.number(prefix() + "hash-balance-factor");
		}

		/** The weight of the instance at {@code url}, for {@link Strategy#WEIGHTED}. */
		public Key<Integer> weight(String url) {
			return Key.number(prefix() + "weights[" + url + "]");
		}

		List<Key<?>> all() {
			return List.of(strategy(), discoveryFile(), discoveryRefreshInterval(), hashKeySource(), hashKeyName(),
					hashBalanceFactor(), weight("http://127.0.0.1:1"));
		}

		private String prefix() {
			return "gateway.pools." + this.pool.id() + ".";
		}

	}

}
