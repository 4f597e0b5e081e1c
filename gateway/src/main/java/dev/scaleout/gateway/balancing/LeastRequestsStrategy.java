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
	public Choice choose(List<Instance> candidates, ServerWebExchange exchange) {
		int size = candidates.size();
		int start = Math.floorMod(this.tieBreaker.getAndIncrement(), size);
		int[] inFlight = new int[size];
		int best = -1;
		for (int i = 0; i < size; i++) {
			int index = (start + i) % size;
			inFlight[index] = candidates.get(index).inFlight();
			if (best < 0 || inFlight[index] < inFlight[best]) {
				best = index;
			}
		}
		int chosen = best;
		return new Choice(candidates.get(best), () -> "fewest in flight (" + inFlight[chosen] + ") of "
				+ Reasons.each(candidates, (i) -> String.valueOf(inFlight[i])));
	}

}
