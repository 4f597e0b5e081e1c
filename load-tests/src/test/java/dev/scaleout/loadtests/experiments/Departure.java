package dev.scaleout.loadtests.experiments;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.scaleout.topology.Gateway;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.process.Signal;
import dev.scaleout.topology.settings.Pool;

/**
 * How the gateway lets a replica go after a signal, from its own view of the instance
 * ({@code /gateway/instances}, read every {@value #POLL_MILLIS} ms through the typed
 * client from just before the signal until {@code until}).
 *
 * @param routedAfter requests the gateway sent the replica after the signal: its
 * {@code requests} counter then, less its value just before (connection attempts that
 * failed over elsewhere count, as the gateway counts them)
 * @param takenOut from the signal until the gateway's own {@code lastStateChange} of the
 * instance leaving {@code healthy} (ejected or unhealthy); empty when it never left
 * within the reading
 * @param lastRouted from the signal until the answer of the first reading after which
 * the counter never grew again: the gateway chose the replica for the last time before
 * that answer
 * @param lastRoutedAfter from the signal until the reading before that one was asked (0
 * when there was none): the last choice came after it
 */
record Departure(Signal signal, long routedAfter, Optional<Duration> takenOut, Duration lastRouted,
		Duration lastRoutedAfter) {

	static final long POLL_MILLIS = 25;

	/** Sends {@code signal} to {@code node} and reads the gateway's view of it until {@code until}. */
	static Departure watch(Gateway gateway, Node node, Signal signal, Instant until) {
		InstanceView before = read(gateway, node.name());
		Instant sent = node.signal(signal);
		List<Reading> readings = new ArrayList<>();
		while (Instant.now().isBefore(until)) {
			try {
				Instant asked = Instant.now();
				InstanceView view = read(gateway, node.name());
				readings.add(new Reading(asked, Instant.now(), view));
			}
			catch (UncheckedIOException ex) {
				// A reading the busy gateway missed: the next one counts.
			}
			TrafficClock.sleep(Duration.ofMillis(POLL_MILLIS));
		}
		return of(signal, sent, before, readings);
	}

	/**
	 * The figures of a departure from the readings: {@code before} was read just before
	 * the signal was sent at {@code sent}, {@code readings} after it, in order.
	 */
	static Departure of(Signal signal, Instant sent, InstanceView before, List<Reading> readings) {
		if (readings.isEmpty()) {
			throw new IllegalStateException("no reading of the gateway after the signal");
		}
		long last = before.requests();
		Instant previous = sent;
		Reading lastGrowth = readings.get(0);
		Instant beforeGrowth = sent;
		for (Reading reading : readings) {
			if (reading.view().requests() > last) {
				lastGrowth = reading;
				beforeGrowth = previous;
				last = reading.view().requests();
			}
			previous = reading.asked();
		}
		Optional<Duration> takenOut = readings.stream()
			.filter((reading) -> !reading.view().isHealthy())
			.findFirst()
			.map((reading) -> Duration.between(sent, reading.view().lastStateChange()));
		long routedAfter = readings.get(readings.size() - 1).view().requests() - before.requests();
		return new Departure(signal, routedAfter, takenOut, Duration.between(sent, lastGrowth.answered()),
				Duration.between(sent, beforeGrowth));
	}

	private static InstanceView read(Gateway gateway, String name) {
		return gateway.instances()
			.instance(Pool.APP, name)
			.orElseThrow(() -> new IllegalStateException("the gateway does not list " + name));
	}

	/** {@code 155-180}: the last choice lies between these two readings. */
	Cell lastRoutedCell() {
		return new Cell.Text(this.lastRoutedAfter.toMillis() + "-" + this.lastRouted.toMillis());
	}

	/**
	 * The gateway's view of the instance: it was made after {@code asked} and before
	 * {@code answered}.
	 */
	record Reading(Instant asked, Instant answered, InstanceView view) {
	}

}
