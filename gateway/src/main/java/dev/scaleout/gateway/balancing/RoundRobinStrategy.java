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
	public Choice choose(List<Instance> candidates, ServerWebExchange exchange) {
		int turn = Math.floorMod(this.next.getAndIncrement(), candidates.size());
		int of = candidates.size();
		return new Choice(candidates.get(turn), () -> "its turn: " + (turn + 1) + " of " + of + " in rotation");
	}

}
