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
	public Choice choose(List<Instance> candidates, ServerWebExchange exchange) {
		if (candidates.size() == 1) {
			return new Choice(candidates.get(0), () -> "the only candidate");
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
		Drawn drawnA = Drawn.of(a, now);
		Drawn drawnB = Drawn.of(b, now);
		boolean bCheaper = drawnB.cost() < drawnA.cost();
		return new Choice(bCheaper ? b : a,
				() -> "drew " + drawnA + " and " + drawnB + ": " + (bCheaper ? drawnB : drawnA).id() + " costs less");
	}

	/** One of the two drawn, as it stood. */
	private record Drawn(String id, double latencyNanos, int inFlight) {

		static Drawn of(Instance instance, long now) {
			return new Drawn(instance.id(), instance.latencyEstimateNanos(now), instance.inFlight());
		}

		double cost() {
			return this.latencyNanos * (this.inFlight + 1);
		}

		@Override
		public String toString() {
			return String.format("%s (%.1f ms peak EWMA x (%d in flight + 1))", this.id, this.latencyNanos / 1e6,
					this.inFlight);
		}

	}

}
