package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.scaleout.topology.Gateway;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.settings.Pool;

/**
 * The replicas as the gateway sees them, read every {@link #EVERY} on a thread of its
 * own: which of the app pool's instances take traffic (healthy and not draining). What
 * the users get is what the gateway routes to, not what processes run.
 */
final class FleetWatch implements AutoCloseable {

	static final Duration EVERY = Duration.ofMillis(500);

	/**
	 * @param atMillis from the start of the load
	 * @param serving the replicas taking traffic, by name; empty when the gateway did not
	 * answer
	 */
	record Sample(long atMillis, Set<String> serving) {

		int count() {
			return this.serving.size();
		}

	}

	private final List<Sample> samples = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private volatile boolean watching = true;

	private FleetWatch(Gateway gateway, long startNanos) {
		this.thread = new Thread(() -> {
			while (this.watching) {
				long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
				Set<String> serving = gateway.tryInstances()
					.map((view) -> view.pool(Pool.APP)
						.instances()
						.stream()
						.filter((instance) -> instance.isHealthy() && !instance.draining())
						.map(InstanceView::id)
						.collect(Collectors.toUnmodifiableSet()))
					.orElse(Set.of());
				this.samples.add(new Sample(at, serving));
				TrafficClock.sleep(EVERY);
			}
		}, "fleet-watch");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Watches from now on; the samples' clock starts at {@code startNanos}. */
	static FleetWatch start(Gateway gateway, long startNanos) {
		return new FleetWatch(gateway, startNanos);
	}

	List<Sample> samples() {
		return List.copyOf(this.samples);
	}

	@Override
	public void close() {
		this.watching = false;
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
