package dev.scaleout.gateway.balancing;

/**
 * The strategy named in a pool's configuration.
 */
final class Strategies {

	private Strategies() {
	}

	static BalancingStrategy create(GatewayProperties.Pool pool) {
		return switch (pool.strategy()) {
			case ROUND_ROBIN -> new RoundRobinStrategy();
			case WEIGHTED -> new WeightedStrategy();
			case LEAST_REQUESTS -> new LeastRequestsStrategy();
			case CONSISTENT_HASH -> new ConsistentHashStrategy(pool.hashKey(), pool.hashBalanceFactor());
			case MODULAR_HASH -> new ModularHashStrategy(pool.hashKey());
			case STICKY -> new StickyStrategy(pool.stickyCookie());
			case P2C_EWMA -> new PowerOfTwoChoicesStrategy();
		};
	}

}
