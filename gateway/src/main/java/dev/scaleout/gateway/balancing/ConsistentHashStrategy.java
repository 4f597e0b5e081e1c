package dev.scaleout.gateway.balancing;

import java.util.List;

import org.springframework.web.server.ServerWebExchange;

/**
 * The same client (address, cookie or header) lands on the same instance; when an
 * instance leaves, only its own clients move.
 */
public class ConsistentHashStrategy implements BalancingStrategy {

	private final GatewayProperties.HashKey key;

	private volatile List<Instance> members = List.of();

	private volatile HashRing<Instance> ring;

	public ConsistentHashStrategy(GatewayProperties.HashKey key) {
		this.key = key;
	}

	@Override
	public Instance choose(List<Instance> candidates, ServerWebExchange exchange) {
		return ringFor(candidates).locate(RequestKey.of(exchange, this.key));
	}

	/** Rebuilt only when the set of available instances changes. */
	private HashRing<Instance> ringFor(List<Instance> candidates) {
		HashRing<Instance> current = this.ring;
		if (current == null || !this.members.equals(candidates)) {
			current = new HashRing<>(candidates, (instance) -> instance.url().toString(),
					HashRing.DEFAULT_VIRTUAL_NODES);
			this.ring = current;
			this.members = List.copyOf(candidates);
		}
		return current;
	}

}
