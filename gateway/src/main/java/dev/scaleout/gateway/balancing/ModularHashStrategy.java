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
	public Choice choose(List<Instance> candidates, ServerWebExchange exchange) {
		String key = RequestKey.of(exchange, this.key);
		int size = candidates.size();
		int slot = (int) Math.floorMod(HashRing.hash(key), (long) size);
		return new Choice(candidates.get(slot), () -> "hash " + Reasons.hashPrefix(key) + " of the " + this.key.source()
				+ " mod " + size + ": " + (slot + 1) + " of " + size);
	}

	@Override
	public boolean allowsSlowStart() {
		return false;
	}

}
