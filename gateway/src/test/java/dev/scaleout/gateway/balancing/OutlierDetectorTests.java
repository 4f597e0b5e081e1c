package dev.scaleout.gateway.balancing;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutlierDetectorTests {

	private final GatewayProperties.Outlier outlier = Instances.outlier();

	private static void serve(Instance instance, int requests, int failures) {
		for (int i = 0; i < requests; i++) {
			instance.outcome(i < failures);
		}
	}

	@Test
	void aReplicaFailingOneRequestInFiveIsEjectedWithTheFigureThatConvictedIt() {
		List<Instance> pool = Instances.healthy(3);
		serve(pool.get(0), 30, 0);
		serve(pool.get(1), 30, 0);
		serve(pool.get(2), 30, 6);

		List<Instance> ejected = OutlierDetector.judge(pool, this.outlier, Instant.now());

		assertThat(ejected).containsExactly(pool.get(2));
		assertThat(pool.get(2).state()).isEqualTo(Instance.State.EJECTED);
		assertThat(pool.get(2).ejectionReason())
			.isEqualTo("20 % of its last 30 requests failed (failure-percentage 10 %)");
		assertThat(pool.get(0).isAvailable()).isTrue();
	}

	@Test
	void tooFewRequestsAreKeptUntilThereAreEnoughToJudge() {
		List<Instance> pool = Instances.healthy(3);
		Instant now = Instant.now();
		serve(pool.get(2), 10, 5);
		assertThat(OutlierDetector.judge(pool, this.outlier, now)).isEmpty();
		serve(pool.get(2), 10, 5);
		assertThat(OutlierDetector.judge(pool, this.outlier, now.plusSeconds(1))).containsExactly(pool.get(2));
		assertThat(pool.get(2).ejectionReason()).startsWith("50 % of its last 20 requests failed");
	}

	@Test
	void tooFewRequestsForTenIntervalsAreDropped() {
		List<Instance> pool = Instances.healthy(3);
		Instant now = Instant.now();
		serve(pool.get(2), 10, 10);
		assertThat(OutlierDetector.judge(pool, this.outlier, now.plusSeconds(OutlierDetector.LONGEST_WINDOW)))
			.isEmpty();
		serve(pool.get(2), 10, 10);
		assertThat(OutlierDetector.judge(pool, this.outlier, now.plusSeconds(OutlierDetector.LONGEST_WINDOW + 1)))
			.isEmpty();
	}

	@Test
	void whenTheWholeFleetFailsAtMostHalfIsEjectedAndAtLeastOne() {
		List<Instance> pool = Instances.healthy(3);
		pool.forEach((instance) -> serve(instance, 40, 40));
		assertThat(OutlierDetector.judge(pool, this.outlier, Instant.now())).hasSize(1);
		pool.forEach((instance) -> serve(instance, 40, 40));
		assertThat(OutlierDetector.judge(pool, this.outlier, Instant.now())).isEmpty();
		assertThat(pool.stream().filter(Instance::isAvailable)).hasSize(2);
	}

	@Test
	void successRateEjectsTheOneFarBelowTheOthersWhenEnoughHostsAreJudged() {
		GatewayProperties.Outlier successRateOnly = new GatewayProperties.Outlier(3, this.outlier.baseEjectionTime(),
				this.outlier.maxEjectionTime(), this.outlier.ejectionJitter(), this.outlier.interval(), 50,
				new GatewayProperties.FailurePercentage(0, 20), this.outlier.successRate());
		List<Instance> pool = Instances.healthy(6);
		for (int i = 0; i < 5; i++) {
			serve(pool.get(i), 200, 1);
		}
		serve(pool.get(5), 200, 16);

		assertThat(OutlierDetector.judge(pool, successRateOnly, Instant.now())).containsExactly(pool.get(5));
		assertThat(pool.get(5).ejectionReason()).startsWith("success rate 92.0 % of 200 requests");
	}

	@Test
	void ejectionsGrowOnRepeatAndShrinkAgainAfterCleanIntervals() {
		Instance instance = Instances.healthy(3).get(0);
		List<Instance> pool = List.of(instance, Instances.healthy("http://10.0.0.9:8081", 1));
		Instant now = Instant.now();
		serve(instance, 20, 20);
		OutlierDetector.judge(pool, this.outlier, now);
		assertThat(instance.ejectedUntil()).isEqualTo(now.plusSeconds(5));

		instance.checkPassed(2, now.plusSeconds(6));
		serve(instance, 20, 20);
		OutlierDetector.judge(pool, this.outlier, now.plusSeconds(7));
		assertThat(instance.ejectedUntil()).isEqualTo(now.plusSeconds(17));

		instance.checkPassed(2, now.plusSeconds(18));
		for (int interval = 0; interval < 2; interval++) {
			serve(instance, 20, 0);
			OutlierDetector.judge(pool, this.outlier, now.plusSeconds(20));
		}
		serve(instance, 20, 20);
		OutlierDetector.judge(pool, this.outlier, now.plusSeconds(24));
		assertThat(instance.ejectedUntil()).isEqualTo(now.plusSeconds(29));
	}

}
