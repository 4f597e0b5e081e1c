package dev.scaleout.gateway.balancing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.server.ServerWebExchange;

/**
 * Smooth weighted round robin (nginx's): an instance of weight 3 gets 3 of every N
 * requests, interleaved with the others rather than in a burst.
 */
public class WeightedStrategy implements BalancingStrategy {

	private final Map<Instance, Integer> current = new HashMap<>();

	@Override
	public synchronized Choice choose(List<Instance> candidates, ServerWebExchange exchange) {
		int total = 0;
		Instance best = null;
		for (Instance instance : candidates) {
			int weight = Math.max(1, instance.weight());
			total += weight;
			int value = this.current.merge(instance, weight, Integer::sum);
			if (best == null || value > this.current.get(best)) {
				best = instance;
			}
		}
		this.current.merge(best, -total, Integer::sum);
		this.current.keySet().retainAll(candidates);
		int weight = Math.max(1, best.weight());
		int of = total;
		return new Choice(best, () -> "smooth weighted round robin: weight " + weight + " of " + of);
	}

}
