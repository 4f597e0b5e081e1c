package dev.scaleout.gateway.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.web.server.ServerWebExchange;

/**
 * Each instance in turn.
 */
public class RoundRobinStrategy implements BalancingStrategy {

	private final AtomicInteger next = new AtomicInteger();

	@Override
	public Instance choose(List<Instance> candidates, ServerWebExchange exchange) {
		return candidates.get(Math.floorMod(this.next.getAndIncrement(), candidates.size()));
	}

}
