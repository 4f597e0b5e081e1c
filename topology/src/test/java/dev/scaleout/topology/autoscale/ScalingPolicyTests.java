package dev.scaleout.topology.autoscale;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The HPA's rule: desired = ceil(current × observed / target), within tolerance and
 * bounds.
 */
class ScalingPolicyTests {

	final ScalingPolicy policy = ScalingPolicy.parse("2..6");

	@Test
	void theLoadAsksForReplicasInProportion() {
		// 3 replicas at 11 in flight each, target 4: ceil(3 × 11 / 4) = ceil(8.25) = 9,
		// capped at 6.
		assertThat(this.policy.desired(3, 11)).isEqualTo(6);
		assertThat(this.policy.desired(2, 7)).isEqualTo(4);
		assertThat(this.policy.desired(4, 1)).isEqualTo(2);
		assertThat(this.policy.desired(5, 3)).isEqualTo(4);
	}

	@Test
	void withinTheToleranceNothingMoves() {
		assertThat(this.policy.desired(3, 4.3)).isEqualTo(3);
		assertThat(this.policy.desired(3, 3.7)).isEqualTo(3);
		assertThat(this.policy.desired(3, 4.5)).isEqualTo(4);
	}

	@Test
	void neverBelowMinNorAboveMax() {
		assertThat(this.policy.desired(2, 0)).isEqualTo(2);
		assertThat(this.policy.desired(6, 400)).isEqualTo(6);
	}

	@Test
	void theRangeIsReadAsMinDotDotMax() {
		assertThat(ScalingPolicy.parse("1..3").min()).isEqualTo(1);
		assertThat(ScalingPolicy.parse("1..3").max()).isEqualTo(3);
		assertThat(ScalingPolicy.parse("2..6").scaleDownWindow()).isEqualTo(Duration.ofSeconds(20));
		assertThatIllegalArgumentException().isThrownBy(() -> ScalingPolicy.parse("6..2"))
			.withMessageContaining("MIN <= MAX");
		assertThatIllegalArgumentException().isThrownBy(() -> ScalingPolicy.parse("two..six"))
			.withMessageContaining("e.g. 2..6");
		assertThatIllegalArgumentException().isThrownBy(() -> ScalingPolicy.parse("0..4"));
	}

	@Test
	void theHpaDefaultsAreNamed() {
		ScalingPolicy hpa = ScalingPolicy.hpaDefaults(2, 10, 4);
		assertThat(hpa.scaleUpWindow()).isZero();
		assertThat(hpa.scaleDownWindow()).isEqualTo(Duration.ofMinutes(5));
		assertThat(hpa.tolerance()).isEqualTo(0.1);
		assertThat(hpa.scaleUpStep()).isEqualTo(4);
		assertThat(ScalingPolicy.parse("2..6").scaleUpStep()).as("the demo, on two cores").isEqualTo(1);
	}

}
