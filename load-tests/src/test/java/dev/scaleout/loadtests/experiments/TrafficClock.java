package dev.scaleout.loadtests.experiments;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

import dev.scaleout.topology.Gateway;
import dev.scaleout.topology.gateway.GatewayView;
import dev.scaleout.topology.gateway.PoolView;

/**
 * Faults timed from the traffic, not from a JVM's start: the moment the gateway's own
 * request counters (read through the typed client) show the first request of a run.
 */
final class TrafficClock {

	private static final Duration POLL = Duration.ofMillis(20);

	private TrafficClock() {
	}

	/** Requests the gateway has routed to every pool so far. */
	static long routed(Gateway gateway) {
		return routed(gateway.instances());
	}

	static long routed(GatewayView view) {
		return view.pools().values().stream().map(PoolView::totals).mapToLong(PoolView.Totals::requests).sum();
	}

	/**
	 * Waits until the gateway has routed more than {@code baseline} requests.
	 * @return when it saw the first
	 * @throws IllegalStateException when the run ends (or a minute passes) before
	 */
	static Instant awaitFirstRequest(Gateway gateway, long baseline, Future<?> run) {
		return awaitRouted(gateway, baseline + 1, run, Duration.ofMinutes(1));
	}

	/** Waits until the gateway has routed {@code target} requests in all. */
	static Instant awaitRouted(Gateway gateway, long target, Future<?> run, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				if (routed(gateway) >= target) {
					return Instant.now();
				}
			}
			catch (UncheckedIOException ex) {
				// A busy gateway that missed one reading is asked again.
			}
			if (run.isDone()) {
				throw new IllegalStateException("the traffic ended before the gateway routed " + target + " requests");
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the gateway routed fewer than " + target + " requests in " + timeout);
			}
			sleep(POLL);
		}
	}

	static void sleepUntil(Instant moment) {
		Duration left = Duration.between(Instant.now(), moment);
		if (!left.isNegative()) {
			sleep(left);
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
