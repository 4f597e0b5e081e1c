package dev.scaleout.gateway.balancing;

import java.util.List;

import org.springframework.web.server.ServerWebExchange;

/**
 * {@code hash(key) mod N}: the same client lands on the same instance — until N changes,
 * when almost every client moves. Here to be compared with {@link ConsistentHashStrategy}
 * ({@code ./scaleout experiment hash}), not to be used.
 */
public class ModularHashStrategy implements BalancingStrategy {

	private final GatewayProperties.HashKey key;

	public ModularHashStrategy(GatewayProperties.HashKey key) {
		this.key = key;
	}

	@Override
	public Instance choose(List<Instance> candidates, ServerWebExchange exchange) {
		long hash = HashRing.hash(RequestKey.of(exchange, this.key));
		return candidates.get((int) Math.floorMod(hash, (long) candidates.size()));
	}

}
