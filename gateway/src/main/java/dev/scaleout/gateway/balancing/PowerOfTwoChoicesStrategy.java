package dev.scaleout.gateway.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.web.server.ServerWebExchange;

/**
 * Power of two choices over peak-EWMA latency (Finagle's and Linkerd's default): two
 * instances drawn at random, and the one whose latency estimate times its requests in
 * flight (plus one) is lower takes the request. Two random draws avoid what picking the
 * single best does under many balancers or stale figures: every request rushing to the
 * same instance. A slow replica's cost rises with each slow answer, so it gets little
 * traffic; as its estimate decays it is tried again.
 */
class PowerOfTwoChoicesStrategy implements BalancingStrategy {

	@Override
	public Instance choose(List<Instance> candidates, ServerWebExchange exchange) {
		if (candidates.size() == 1) {
			return candidates.get(0);
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int first = random.nextInt(candidates.size());
		int second = random.nextInt(candidates.size() - 1);
		if (second >= first) {
			second++;
		}
		Instance a = candidates.get(first);
		Instance b = candidates.get(second);
		long now = System.nanoTime();
		return (cost(b, now) < cost(a, now)) ? b : a;
	}

	static double cost(Instance instance, long nowNanos) {
		return instance.latencyEstimateNanos(nowNanos) * (instance.inFlight() + 1);
	}

}
