package dev.scaleout.topology.autoscale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's decisions, round by round, on a fleet that does at once what it is
 * told (the real one, with real processes, is AutoscaleEndToEndTests's).
 */
class SupervisorTests {

	MovableClock clock = new MovableClock();

	InstantFleet fleet = new InstantFleet(2);

	List<ScalingEvent> heard = new ArrayList<>();

	Supervisor supervisor;

	@BeforeEach
	void start() {
		// The HPA's rule alone: as many replicas at once as it asks for.
		this.supervisor = new Supervisor(this.fleet, ScalingPolicy.parse("2..6").withScaleUpStep(6), this.clock,
				this.heard::add);
	}

	@Test
	void theDemoStartsOneReplicaAtATimeEachDecisionOnWhatTheBiggerFleetSees() {
		Supervisor oneAtATime = new Supervisor(this.fleet, ScalingPolicy.parse("2..6"), this.clock, this.heard::add);
		this.fleet.inFlight = 24;
		for (int second = 0; second < 5; second++) {
			oneAtATime.tick();
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(this.fleet.replicas()).hasSize(6);
		assertThat(this.heard).extracting(ScalingEvent::text)
			.containsExactly("2 → 3: in-flight 12.0 per replica > target 4 (6 wanted; one replica starts at a time)",
					"3 → 4: in-flight 8.0 per replica > target 4 (6 wanted; one replica starts at a time)",
					"4 → 5: in-flight 6.0 per replica > target 4 (6 wanted; one replica starts at a time)",
					"5 → 6: in-flight 4.8 per replica > target 4 (max 6)");
	}

	@Test
	void aLoadAboveTargetScalesOutAtOnceAndSaysWhy() {
		this.fleet.inFlight = 22;
		this.supervisor.tick();
		assertThat(this.fleet.replicas()).hasSize(6);
		assertThat(this.heard).singleElement()
			.extracting(ScalingEvent::text)
			.isEqualTo("2 → 6: in-flight 11.0 per replica > target 4 (max 6)");
	}

	@Test
	void scaleInWaitsUntilTheBusyRecommendationLeavesTheDownWindow() {
		this.fleet.inFlight = 22;
		this.supervisor.tick();
		assertThat(this.fleet.replicas()).hasSize(6);
		// The load falls to 1 in flight per replica: 2 would do.
		this.fleet.inFlight = 6;
		for (int second = 1; second <= 20; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.supervisor.tick();
			assertThat(this.fleet.replicas()).as("second %d of the 20 s window", second).hasSize(6);
		}
		this.clock.advance(Duration.ofSeconds(1));
		this.supervisor.tick();
		assertThat(this.fleet.replicas()).hasSize(2);
		assertThat(this.heard).extracting(ScalingEvent::text)
			.containsExactly("2 → 6: in-flight 11.0 per replica > target 4 (max 6)",
					"6 → 2: in-flight 1.0 per replica < target 4 (min 2)");
	}

	@Test
	void aScaleInHeldBackByTheWindowSaysSo() {
		this.fleet.inFlight = 22;
		this.supervisor.tick();
		// 2 per replica for 11 s (3 would do), then 1 per replica (2 would do).
		for (int second = 1; second <= 21; second++) {
			this.fleet.inFlight = (second <= 11) ? 12 : 6;
			this.clock.advance(Duration.ofSeconds(1));
			this.supervisor.tick();
		}
		assertThat(this.fleet.replicas()).hasSize(3);
		assertThat(this.heard).last()
			.extracting(ScalingEvent::text)
			.isEqualTo(
					"6 → 3: in-flight 1.0 per replica < target 4 (2 recommended; the 20 s scale-down window keeps 3)");
	}

	@Test
	void aBurstInsideTheDownWindowKeepsTheReplicasItNeeds() {
		this.fleet.scaleTo(6);
		this.fleet.inFlight = 24;
		this.supervisor.tick();
		this.clock.advance(Duration.ofSeconds(6));
		this.fleet.inFlight = 0;
		for (int second = 0; second < 10; second++) {
			this.supervisor.tick();
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(this.fleet.replicas()).hasSize(6);
		assertThat(this.heard).isEmpty();
	}

	@Test
	void aReplicaThatDiedIsReplacedWithoutAnyCommand() {
		this.fleet.running.remove("app-2");
		this.supervisor.tick();
		assertThat(this.fleet.running).contains("app-2");
		assertThat(this.heard).extracting(ScalingEvent::text).containsExactly("app-2 replaced: its process had died");
	}

	@Test
	void withoutAnAnswerFromTheGatewayNothingIsScaled() {
		this.fleet.gatewayAnswers = false;
		this.fleet.inFlight = 100;
		this.supervisor.tick();
		assertThat(this.fleet.replicas()).hasSize(2);
	}

	static final class InstantFleet implements Fleet {

		final Set<String> running = new LinkedHashSet<>();

		int size;

		int inFlight;

		boolean gatewayAnswers = true;

		InstantFleet(int replicas) {
			scaleTo(replicas);
		}

		@Override
		public List<String> replicas() {
			List<String> names = new ArrayList<>();
			for (int n = 1; n <= this.size; n++) {
				names.add("app-" + n);
			}
			return names;
		}

		@Override
		public boolean isRunning(String replica) {
			return this.running.contains(replica);
		}

		@Override
		public void replace(String replica) {
			this.running.add(replica);
		}

		@Override
		public void scaleTo(int replicas) {
			this.size = replicas;
			this.running.clear();
			this.running.addAll(replicas());
		}

		@Override
		public Optional<Load> load() {
			return this.gatewayAnswers ? Optional.of(new Load(this.inFlight, this.running.size())) : Optional.empty();
		}

	}

	static final class MovableClock extends Clock {

		Instant now = Instant.parse("2026-12-02T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
