package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.scaleout.loadtests.experiments.Departure.Reading;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.gateway.InstanceView.State;
import dev.scaleout.topology.process.Signal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The failover figures, from the gateway's readings of a replica after its signal. */
class DepartureTests {

	static final Instant SENT = Instant.parse("2026-12-01T12:00:00Z");

	static InstanceView app2(State state, long requests, Instant lastStateChange) {
		return new InstanceView("app-2", "http://127.0.0.1:8082", "1", state, false, true, 0, requests, 0, 0, 0,
				lastStateChange, 1, "", 100, 0);
	}

	/** A reading asked {@code at} ms after the signal and answered 5 ms later. */
	static Reading at(long millis, InstanceView view) {
		Instant asked = SENT.plusMillis(millis);
		return new Reading(asked, asked.plusMillis(5), view);
	}

	@Test
	void theLastRequestLiesBetweenTheReadingBeforeTheLastGrowthAndThatGrowth() {
		Instant before = SENT.minusSeconds(60);
		List<Reading> readings = new ArrayList<>();
		readings.add(at(25, app2(State.HEALTHY, 1010, before)));
		readings.add(at(50, app2(State.HEALTHY, 1020, before)));
		readings.add(at(1500, app2(State.HEALTHY, 1090, before)));
		readings.add(at(1525, app2(State.UNHEALTHY, 1093, SENT.plusMillis(1512))));
		readings.add(at(1550, app2(State.UNHEALTHY, 1093, SENT.plusMillis(1512))));
		readings.add(at(9000, app2(State.UNHEALTHY, 1093, SENT.plusMillis(1512))));

		Departure departure = Departure.of(Signal.TERM, SENT, app2(State.HEALTHY, 1000, before), readings);

		assertThat(departure.routedAfter()).isEqualTo(93);
		assertThat(departure.takenOut()).hasValue(Duration.ofMillis(1512));
		assertThat(departure.lastRoutedAfter()).isEqualTo(Duration.ofMillis(1500));
		assertThat(departure.lastRouted()).isEqualTo(Duration.ofMillis(1530));
		assertThat(departure.lastRoutedCell().text()).isEqualTo("1500-1530");
	}

	@Test
	void aCounterThatNeverGrewAfterTheSignalStoppedBeforeTheFirstReading() {
		Instant before = SENT.minusSeconds(60);
		Departure departure = Departure.of(Signal.KILL, SENT, app2(State.HEALTHY, 500, before),
				List.of(at(20, app2(State.EJECTED, 500, SENT.plusMillis(3))),
						at(45, app2(State.EJECTED, 500, SENT.plusMillis(3)))));

		assertThat(departure.routedAfter()).isZero();
		assertThat(departure.takenOut()).hasValue(Duration.ofMillis(3));
		assertThat(departure.lastRoutedCell().text()).isEqualTo("0-25");
	}

	@Test
	void aReplicaTheGatewayNeverTookOutHasNoSuchTime() {
		Instant before = SENT.minusSeconds(60);
		Departure departure = Departure.of(Signal.TERM, SENT, app2(State.HEALTHY, 500, before),
				List.of(at(20, app2(State.HEALTHY, 510, before))));
		assertThat(departure.takenOut()).isEmpty();
	}

}
