package dev.scaleout.loadtests.experiments;

import java.util.List;
import java.util.OptionalLong;

import dev.scaleout.loadtests.experiments.GatlingResult.Stats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Gatling's printed summary, as Gatling 3.14 prints it, read into figures. */
class GatlingResultTests {

	static final String HEADER = "---- Global Information -----------------------------------------------------------"
			+ "--|---Total---|-----OK----|----KO----";

	static List<String> summary(String count, String max, String p99, String p999) {
		return List.of("================================================================================", HEADER,
				"> request count                                                                      |" + count,
				"> min response time (ms)                                                             |         7 |"
						+ "         7 |         -",
				"> max response time (ms)                                                             |" + max,
				"> response time 50th percentile (ms)                                                 |       162 |"
						+ "       162 |         -",
				"> response time 95th percentile (ms)                                                 |       402 |"
						+ "       402 |         -",
				"> response time 99th percentile (ms)                                                 |" + p99,
				"> response time 99.9th percentile (ms)                                               |" + p999,
				"> mean throughput (rps)                                                              |     85.14 |"
						+ "     85.14 |         -",
				"---- Response Time Distribution --------------------------------------------------------------");
	}

	@Test
	void aRunWithoutFailuresHasNoSlowestFailure() {
		Stats stats = Stats
			.parse(summary("     3,746 |     3,746 |         -", "     4,407 |     4,407 |         -",
					"       863 |       863 |         -", "     1,377 |     1,377 |         -"))
			.orElseThrow();
		assertThat(stats).isEqualTo(new Stats(3746, 3746, 0, OptionalLong.of(162), OptionalLong.of(863),
				OptionalLong.of(1377), OptionalLong.empty()));
	}

	@Test
	void failuresAndTheSlowestOfThemAreRead() {
		Stats stats = Stats
			.parse(summary("     6,006 |     5,836 |       170", "     1,204 |     1,204 |       982",
					"       599 |       560 |       950", "       990 |       700 |       982"))
			.orElseThrow();
		assertThat(stats.ko()).isEqualTo(170);
		assertThat(stats.slowestKo()).hasValue(982);
		assertThat(stats.p99()).as("over every request").hasValue(599);
		assertThat(stats.p999()).as("over every request").hasValue(990);
	}

	@Test
	void aRunThatPrintedNoSummaryHasNoFigures() {
		assertThat(Stats.parse(List.of("Simulation FailoverSimulation started...", "Exception in thread"))).isEmpty();
	}

	@Test
	void aSummaryWithoutAFigureIsAnErrorNotAZero() {
		List<String> missing = List.of(HEADER,
				"> request count                                                                      |        10 |"
						+ "        10 |         -");
		assertThatIllegalStateException().isThrownBy(() -> Stats.parse(missing))
			.withMessageContaining("response time 50th percentile");
	}

}
