package dev.scaleout.gateway.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.web.server.ServerWebExchange;

/**
 * The instance with the fewest requests in flight; ties go round robin so idle instances
 * share the load evenly.
 */
public class LeastRequestsStrategy implements BalancingStrategy {

	private final AtomicInteger tieBreaker = new AtomicInteger();

	@Override
	public Instance choose(List<Instance> candidates, ServerWebExchange exchange) {
		int start = Math.floorMod(this.tieBreaker.getAndIncrement(), candidates.size());
		Instance best = null;
		for (int i = 0; i < candidates.size(); i++) {
			Instance instance = candidates.get((start + i) % candidates.size());
			if (best == null || instance.inFlight() < best.inFlight()) {
				best = instance;
			}
		}
		return best;
	}

}
