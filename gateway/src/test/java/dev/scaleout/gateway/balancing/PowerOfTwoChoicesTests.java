package dev.scaleout.gateway.balancing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PowerOfTwoChoicesTests {

	private static final long MS = 1_000_000;

	@Test
	void aSlowReplicaIsAlmostNeverChosenAndTheFastOnesShareTheRest() {
		List<Instance> pool = Instances.healthy(3);
		long now = System.nanoTime();
		pool.get(0).latencyObserved(5 * MS, now);
		pool.get(1).latencyObserved(5 * MS, now);
		pool.get(2).latencyObserved(100 * MS, now);
		BalancingStrategy strategy = new PowerOfTwoChoicesStrategy();
		Map<Instance, Integer> chosen = new HashMap<>();
		for (int i = 0; i < 3000; i++) {
			chosen.merge(strategy.choose(pool, Instances.request()).instance(), 1, Integer::sum);
		}
		assertThat(pool.get(2).latencyEstimateNanos(now)).isGreaterThan(90 * MS);
		assertThat(chosen.getOrDefault(pool.get(2), 0)).isZero();
		// Each fast one wins every draw against the slow one, a third of all draws.
		assertThat(chosen.get(pool.get(0))).isGreaterThan(900);
		assertThat(chosen.get(pool.get(1))).isGreaterThan(900);
	}

	@Test
	void requestsInFlightRaiseTheCostSoTheFastestReplicaIsNotFlooded() {
		List<Instance> pool = Instances.healthy(2);
		long now = System.nanoTime();
		pool.get(0).latencyObserved(2 * MS, now);
		pool.get(1).latencyObserved(20 * MS, now);
		for (int i = 0; i < 50; i++) {
			pool.get(0).begin();
		}
		BalancingStrategy strategy = new PowerOfTwoChoicesStrategy();
		Choice choice = strategy.choose(pool, Instances.request());
		assertThat(choice.instance()).isSameAs(pool.get(1));
		// The dashboard's reason names both drawn with the inputs of their cost.
		assertThat(choice.why()).startsWith("drew ")
			.contains(pool.get(0).id() + " (", "x (50 in flight + 1)", pool.get(1).id() + " (", "x (0 in flight + 1)")
			.endsWith(": " + pool.get(1).id() + " costs less");
	}

	@Test
	void aReplicaThatFailsFastDoesNotLookFast() {
		Instance failing = Instances.healthy(1).get(0);
		failing.begin().end(true);
		assertThat(failing.latencyEstimateNanos(System.nanoTime())).isGreaterThan(0.9 * Instance.FAILURE_LATENCY_NANOS);
	}

	@Test
	void theEstimateJumpsToAPeakAndDecaysWithoutAnswers() {
		PeakEwma ewma = new PeakEwma();
		assertThat(ewma.estimate(0)).isEqualTo(PeakEwma.UNMEASURED_NANOS);
		ewma.observe(5 * MS, 0);
		ewma.observe(100 * MS, 1);
		assertThat(ewma.estimate(1)).isEqualTo(100.0 * MS);
		// A faster answer pulls it down only gradually.
		ewma.observe(5 * MS, 1_000 * MS);
		assertThat(ewma.estimate(1_000 * MS)).isBetween(85.0 * MS, 95.0 * MS);
		// Without answers it fades: after 30 s to a twentieth.
		assertThat(ewma.estimate(31_000 * MS)).isLessThan(5.0 * MS);
	}

}
