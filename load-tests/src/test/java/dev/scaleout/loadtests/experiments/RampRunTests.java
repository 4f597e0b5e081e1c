package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.scaleout.loadtests.BrowsingUsers;
import dev.scaleout.loadtests.experiments.OpenLoad.Phase;
import dev.scaleout.loadtests.experiments.OpenLoad.Recording;
import dev.scaleout.loadtests.experiments.OpenLoad.Request;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autoscale experiment's figures from recordings made up to have known answers: the
 * published table is this arithmetic.
 */
class RampRunTests {

	/** warm 0-10 s, ramp up 10-20 s, hold 20-40 s, ramp down 40-50 s, after 50-70 s. */
	static final List<Phase> PHASES = List.of(new Phase("warm", Duration.ofSeconds(10), 10, 10),
			new Phase(RampRun.UP, Duration.ofSeconds(10), 10, 100),
			new Phase(RampRun.HOLD, Duration.ofSeconds(20), 100, 100),
			new Phase(RampRun.DOWN, Duration.ofSeconds(10), 100, 10),
			new Phase("after", Duration.ofSeconds(20), 10, 10));

	static final BrowsingUsers.Outcome USERS = new BrowsingUsers.Outcome(4, 100, 0, 0, List.of());

	@Test
	void theP99OfAPhaseCountsAFailedRequestWithTheTimeItTookToFail() {
		List<Request> requests = new ArrayList<>();
		// 99 fast answers in the hold and one that timed out after 10 s.
		IntStream.range(0, 99).forEach((i) -> requests.add(new Request(20_000 + i * 10, 100 + i, 200)));
		requests.add(new Request(25_000, 10_000, -1));
		// The warm phase: 100 of 5 ms.
		IntStream.range(0, 100).forEach((i) -> requests.add(new Request(i * 10, 5, 200)));
		RampRun run = run(requests, List.of());

		assertThat(run.p99(RampRun.HOLD)).hasValue(198);
		assertThat(run.p99("warm")).hasValue(5);
		assertThat(run.p99(RampRun.DOWN)).isEmpty();
		assertThat(run.failed()).isEqualTo(1);
		assertThat(run.requests()).isEqualTo(200);
		// A second timeout: 2 of 101, more than 1 %, so the p99 is a timeout.
		requests.add(new Request(26_000, 10_000, -1));
		assertThat(run(requests, List.of()).p99(RampRun.HOLD)).hasValue(10_000);
	}

	@Test
	void scaleOutIsTimedFromTheRampAndScaleInUntilTheFleetStaysAtItsMinimum() {
		List<FleetWatch.Sample> fleet = new ArrayList<>();
		// 2 until 14 s, 3 at 14 s, 5 from 17 s, down to 3 at 55 s, 2 at 58 s, a blip
		// to 3 at 60 s, 2 for good from 62 s.
		int[][] counts = { { 0, 2 }, { 14_000, 3 }, { 17_000, 5 }, { 55_000, 3 }, { 58_000, 2 }, { 60_000, 3 },
				{ 62_000, 2 } };
		for (long at = 0; at < 70_000; at += 500) {
			int count = 0;
			for (int[] step : counts) {
				if (at >= step[0]) {
					count = step[1];
				}
			}
			fleet.add(sample(at, count));
		}
		RampRun run = run(List.of(), fleet);

		assertThat(run.peak()).isEqualTo(5);
		assertThat(run.firstScaleOut()).hasValue(4_000);
		assertThat(run.peakReached()).hasValue(7_000);
		assertThat(run.scaleIn()).hasValue(22_000);
	}

	@Test
	void aFleetThatNeverGrewOrDidNotShrinkBackHasNoScalingTimes() {
		List<FleetWatch.Sample> fixed = new ArrayList<>();
		List<FleetWatch.Sample> stuck = new ArrayList<>();
		for (long at = 0; at < 70_000; at += 500) {
			fixed.add(sample(at, 2));
			stuck.add(sample(at, (at < 15_000) ? 2 : 4));
		}
		assertThat(run(List.of(), fixed).firstScaleOut()).isEmpty();
		assertThat(run(List.of(), fixed).peakReached()).isEmpty();
		assertThat(run(List.of(), fixed).scaleIn()).isEmpty();
		assertThat(run(List.of(), stuck).firstScaleOut()).hasValue(5_000);
		assertThat(run(List.of(), stuck).scaleIn()).isEmpty();
	}

	@Test
	void aKilledReplicaIsReplacedWhenTheGatewayRoutesToItAgainAfterTakingItOut() {
		List<FleetWatch.Sample> fleet = new ArrayList<>();
		// Killed at 30 s; the gateway still routes to it until 31 s, again from 37.5 s.
		for (long at = 0; at < 70_000; at += 500) {
			boolean serving = at < 31_000 || at >= 37_500;
			fleet.add(new FleetWatch.Sample(at, serving ? Set.of("app-1", "app-2") : Set.of("app-1")));
		}
		assertThat(run(List.of(), fleet).replaced()).hasValue(7_500);

		List<FleetWatch.Sample> never = fleet.stream()
			.map((sample) -> (sample.atMillis() >= 31_000) ? new FleetWatch.Sample(sample.atMillis(), Set.of("app-1"))
					: sample)
			.toList();
		assertThat(run(List.of(), never).replaced()).isEmpty();
	}

	@Test
	void theTimelineHasTheP99OfEveryBucketWithRequests() {
		List<Request> requests = new ArrayList<>();
		IntStream.range(0, 10).forEach((i) -> requests.add(new Request(i * 100, 10 * (i + 1), 200)));
		requests.add(new Request(4_500, 700, 200));
		List<long[]> timeline = run(requests, List.of()).p99Timeline(2_000);
		assertThat(timeline).extracting((bucket) -> bucket[0] + "=" + bucket[1]).containsExactly("0=100", "4000=700");
	}

	private static RampRun run(List<Request> requests, List<FleetWatch.Sample> fleet) {
		return new RampRun("test", 2, new Recording(PHASES, requests), fleet, "app-2", 30_000, USERS);
	}

	private static FleetWatch.Sample sample(long at, int count) {
		return new FleetWatch.Sample(at,
				IntStream.rangeClosed(1, count).mapToObj((n) -> "app-" + n).collect(Collectors.toSet()));
	}

}
