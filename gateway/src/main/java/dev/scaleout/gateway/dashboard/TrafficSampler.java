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
import dev.scaleout.gateway.balancing.DecisionLog;
import dev.scaleout.gateway.balancing.PoolRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Once a second, turns the instances' request counters into rates, keeps the last
 * {@value #HISTORY} samples for the chart, notes what changed as events, and publishes a
 * snapshot for every dashboard that listens.
 */
@Component
class TrafficSampler implements SmartLifecycle {

	/** Samples kept: three minutes at one a second. */
	static final int HISTORY = 180;

	/** Samples a share of traffic is computed over, so that it does not flicker. */
	static final int SHARE_WINDOW = 10;

	static final Duration INTERVAL = Duration.ofSeconds(1);

	record Rate(double requestsPerSecond, double share) {

		static final Rate NONE = new Rate(0, 0);

	}

	/**
	 * Requests per second of each instance, by URL, during the second before {@code at};
	 * and how many instances of each pool took traffic at {@code at} (available and not
	 * draining), for the chart of the replica count that autoscaling moves.
	 */
	record Sample(Instant at, Map<String, Double> rates, Map<String, Integer> serving) {
	}

	record History(List<Sample> samples) {
	}

	/**
	 * @param decisions the balancer's latest decisions, newest first: why each replica
	 * was chosen
	 */
	record Snapshot(Instant at, Map<String, PoolView> pools, Sample sample, List<InstanceEvents.Event> events,
			List<DecisionView> decisions) {
	}

	private final PoolRegistry pools;

	private final DecisionLog decisions;

	private final InstanceEvents events = new InstanceEvents();

	private final Deque<Sample> samples = new ArrayDeque<>();

	/** Requests per instance in each of the last samples, for shares. */
	private final Deque<Map<URI, Long>> recent = new ArrayDeque<>();

	private Map<URI, Long> counters = Map.of();

	private long lastNanos;

	private volatile Map<URI, Rate> rates = Map.of();

	private final Sinks.Many<Snapshot> snapshots = Sinks.many().replay().latest();

	private Disposable loop;

	/** Adds what the autoscaler did to the events the dashboard shows. */
	void told(String kind, String text) {
		this.events.told(Instant.now(), "app", kind, text);
	}

	/** The events the autoscaler told, newest last. */
	List<InstanceEvents.Event> told() {
		return this.events.recent()
			.stream()
			.filter((event) -> ScalingEventsEndpoint.KINDS.contains(event.kind()))
			.toList();
	}

	TrafficSampler(PoolRegistry pools, DecisionLog decisions) {
		this.pools = pools;
		this.decisions = decisions;
	}

	/** Snapshots as they are taken; a new listener gets the latest at once. */
	Flux<Snapshot> snapshots() {
		return this.snapshots.asFlux();
	}

	synchronized History history() {
		return new History(new ArrayList<>(this.samples));
	}

	Rate rateOf(Instance instance) {
		return this.rates.getOrDefault(instance.url(), Rate.NONE);
	}

	Map<String, PoolView> pools() {
		Map<String, PoolView> view = new LinkedHashMap<>();
		Instant now = Instant.now();
		this.pools.pools().forEach((name, pool) -> view.put(name, PoolView.of(pool, this, now)));
		return view;
	}

	/**
	 * A state change is shown at once, between two samples: the rates stay those of the
	 * last sample.
	 */
	synchronized void publishChange() {
		Instant now = Instant.now();
		this.pools.pools().values().forEach((pool) -> this.events.observe(pool, now));
		Sample last = this.samples.peekLast();
		if (last != null) {
			this.snapshots.tryEmitNext(
					new Snapshot(now, pools(), last, this.events.recent(), DecisionView.recent(this.decisions)));
		}
	}

	synchronized void sample() {
		long nanos = System.nanoTime();
		double seconds = (this.lastNanos == 0) ? INTERVAL.toMillis() / 1000.0 : (nanos - this.lastNanos) / 1e9;
		this.lastNanos = nanos;
		Instant now = Instant.now();

		Map<URI, Long> counters = new HashMap<>();
		Map<URI, Long> deltas = new HashMap<>();
		for (InstancePool pool : this.pools.pools().values()) {
			for (Instance instance : pool.instances()) {
				long requests = instance.requests();
				counters.put(instance.url(), requests);
				deltas.put(instance.url(), requests - this.counters.getOrDefault(instance.url(), requests));
			}
		}
		this.counters = counters;
		this.recent.addLast(deltas);
		if (this.recent.size() > SHARE_WINDOW) {
			this.recent.removeFirst();
		}

		Map<URI, Rate> rates = new HashMap<>();
		Map<String, Double> sampled = new LinkedHashMap<>();
		Map<String, Integer> serving = new LinkedHashMap<>();
		this.pools.pools()
			.forEach((name, pool) -> serving.put(name,
					(int) pool.instances()
						.stream()
						.filter((instance) -> instance.isAvailable() && !instance.isDraining())
						.count()));
		for (InstancePool pool : this.pools.pools().values()) {
			Map<URI, Long> windowed = new HashMap<>();
			for (Instance instance : pool.instances()) {
				windowed.put(instance.url(),
						this.recent.stream().mapToLong((sample) -> sample.getOrDefault(instance.url(), 0L)).sum());
			}
			long poolTotal = windowed.values().stream().mapToLong(Long::longValue).sum();
			for (Instance instance : pool.instances()) {
				double perSecond = Math.round(deltas.get(instance.url()) / seconds * 10) / 10.0;
				double share = (poolTotal == 0) ? 0 : (double) windowed.get(instance.url()) / poolTotal;
				rates.put(instance.url(), new Rate(perSecond, Math.round(share * 1000) / 1000.0));
				sampled.put(instance.url().toString(), perSecond);
			}
			this.events.observe(pool, now);
		}
		this.rates = rates;
		Sample sample = new Sample(now, sampled, serving);
		this.samples.addLast(sample);
		if (this.samples.size() > HISTORY) {
			this.samples.removeFirst();
		}
		this.snapshots
			.tryEmitNext(new Snapshot(now, pools(), sample, this.events.recent(), DecisionView.recent(this.decisions)));
	}

	@Override
	public void start() {
		// Handed to another thread: the instance that changed is locked while it tells.
		this.pools.pools()
			.values()
			.forEach((pool) -> pool.onChange(() -> Schedulers.parallel().schedule(this::publishChange)));
		this.loop = Flux.interval(INTERVAL).onBackpressureDrop().subscribe((tick) -> sample());
	}

	/**
	 * Ends every dashboard stream first, so that open streams do not hold up the graceful
	 * shutdown of the web server.
	 */
	@Override
	public void stop() {
		if (this.loop != null) {
			this.loop.dispose();
			this.loop = null;
		}
		this.snapshots.tryEmitComplete();
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

}
