package dev.scaleout.gateway.dashboard;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.scaleout.gateway.balancing.Instance;
import dev.scaleout.gateway.balancing.InstancePool;

/**
 * What happened to the instances, told as events: joined, left, healthy, ejected,
 * unhealthy, draining, and a pool's panic. Found by comparing what each sample sees with
 * the sample before; the balancer itself stays free of dashboard concerns.
 */
final class InstanceEvents {

	/** Events kept for the log, newest last. */
	static final int KEPT = 100;

	/**
	 * @param kind joined, left, healthy, ejected, unhealthy, draining, panic or calm; or
	 * what the autoscaler told: scale-out, scale-in, replaced
	 */
	record Event(long seq, Instant at, String pool, String instance, String kind, String text) {
	}

	private record Seen(String id, Instance.State state, boolean draining, boolean everHealthy) {
	}

	private final Map<String, Map<URI, Seen>> seen = new HashMap<>();

	private final Map<String, Boolean> panicking = new HashMap<>();

	private final Deque<Event> events = new ArrayDeque<>();

	private long seq;

	synchronized void observe(InstancePool pool, Instant now) {
		Map<URI, Seen> before = this.seen.getOrDefault(pool.name(), Map.of());
		Map<URI, Seen> after = new LinkedHashMap<>();
		for (Instance instance : pool.instances()) {
			Seen was = before.get(instance.url());
			boolean healthy = instance.state() == Instance.State.HEALTHY;
			Seen is = new Seen(instance.id(), instance.state(), instance.isDraining(),
					healthy || (was != null && was.everHealthy()));
			after.put(instance.url(), is);
			if (was == null) {
				add(now, pool.name(), is.id(), "joined", is.id() + " joined pool " + pool.name());
				was = new Seen(is.id(), Instance.State.UNHEALTHY, false, false);
			}
			if (is.draining() && !was.draining()) {
				add(now, pool.name(), is.id(), "draining", is.id() + " is draining: it shuts down gracefully");
			}
			if (is.state() != was.state()) {
				stateChanged(pool.name(), instance, was);
			}
		}
		before.forEach((url, was) -> {
			if (!after.containsKey(url)) {
				add(now, pool.name(), was.id(), "left", was.id() + " left pool " + pool.name());
			}
		});
		this.seen.put(pool.name(), after);
		boolean panic = pool.isPanicking();
		if (panic != this.panicking.getOrDefault(pool.name(), false)) {
			add(now, pool.name(), null, panic ? "panic" : "calm",
					panic ? "Pool " + pool.name() + " has fewer than " + pool.panicThreshold()
							+ " % of its instances healthy: traffic also goes to those that still answer"
							: "Pool " + pool.name() + " has enough healthy instances again");
			this.panicking.put(pool.name(), panic);
		}
	}

	/**
	 * What a process outside the gateway did to the pool (the autoscaler: a replica
	 * added, removed, replaced), in its own words.
	 */
	synchronized void told(Instant at, String pool, String kind, String text) {
		add(at, pool, null, kind, text);
	}

	synchronized List<Event> recent() {
		return new ArrayList<>(this.events);
	}

	private void stateChanged(String pool, Instance instance, Seen was) {
		String id = instance.id();
		String text = switch (instance.state()) {
			case HEALTHY -> was.everHealthy() ? id + " recovered: healthy again, takes traffic"
					: id + " is healthy and takes traffic";
			case EJECTED -> id + " ejected for "
					+ Math.max(1, Duration.between(instance.lastStateChange(), instance.ejectedUntil()).toSeconds())
					+ " s: " + instance.ejectionReason();
			case UNHEALTHY -> id + " is unhealthy: its health checks fail";
		};
		add(instance.lastStateChange(), pool, id, instance.state().name().toLowerCase(), text);
	}

	private void add(Instant at, String pool, String instance, String kind, String text) {
		this.events.addLast(new Event(++this.seq, at, pool, instance, kind, text));
		while (this.events.size() > KEPT) {
			this.events.removeFirst();
		}
	}

}
