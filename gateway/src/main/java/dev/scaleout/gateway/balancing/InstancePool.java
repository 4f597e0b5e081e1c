package dev.scaleout.gateway.balancing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import reactor.core.publisher.Mono;

/**
 * The instances of one pool and the strategy that picks among them. Discovery replaces
 * the set of addresses; instances that stay keep their health and counters.
 */
public final class InstancePool {

	private final String name;

	private final GatewayProperties.Pool properties;

	private final BalancingStrategy strategy;

	private final MeterRegistry meters;

	private final RetryBudget retryBudget;

	private final int panicThreshold;

	private final GatewayProperties.SlowStart slowStart;

	private final GatewayProperties.Concurrency concurrency;

	private final RoomQueue roomQueue;

	private final Map<URI, Instance> instances = new LinkedHashMap<>();

	private final Map<URI, List<Meter>> instanceMeters = new LinkedHashMap<>();

	private volatile List<Instance> snapshot = List.of();

	private volatile Runnable onChange = () -> {
	};

	/**
	 * @param properties the pool's own settings
	 * @param gateway what every pool shares: the panic threshold (see
	 * {@link #available(Collection)}), slow start (see
	 * {@link #candidates(Collection, Instant)}), the retry budget and the concurrency
	 * limit (see {@link #withRoom(List)})
	 */
	public InstancePool(String name, GatewayProperties.Pool properties, GatewayProperties gateway,
			MeterRegistry meters) {
		this.name = name;
		this.panicThreshold = gateway.health().panicThreshold();
		this.slowStart = gateway.slowStart();
		this.concurrency = gateway.concurrency();
		this.roomQueue = this.concurrency.enabled() ? new RoomQueue(this.concurrency.queueSize()) : null;
		this.properties = properties;
		this.strategy = Strategies.create(properties);
		this.meters = meters;
		this.retryBudget = new RetryBudget(gateway.retry().budget());
		Gauge.builder("gateway.pool.retries.in.flight", this.retryBudget, RetryBudget::retrying)
			.tag("pool", name)
			.register(meters);
		if (this.roomQueue != null) {
			Gauge.builder("gateway.pool.waiting", this.roomQueue, RoomQueue::waiting)
				.tag("pool", name)
				.register(meters);
		}
	}

	public String name() {
		return this.name;
	}

	public GatewayProperties.Strategy strategyName() {
		return this.properties.strategy();
	}

	public BalancingStrategy strategy() {
		return this.strategy;
	}

	RetryBudget retryBudget() {
		return this.retryBudget;
	}

	public List<Instance> instances() {
		return this.snapshot;
	}

	/**
	 * Healthy instances not yet tried by this request, in a stable order.
	 * <p>
	 * When fewer than {@code panicThreshold} percent of the pool are healthy (none at
	 * all, at 0), the pool panics as Envoy does: it also offers the instances whose
	 * health checks still reach a live process, ready or not, slow or not
	 * ({@link Instance#isAnswering()}), ejected ones included. Replicas turn "not ready"
	 * together when a dependency they share fails (the object storage, the lock quorum),
	 * and time out together under overload; the few left healthy would take everything
	 * and fall too, while the others can still serve what they can and answer the rest
	 * with an honest 503 of their own. Replicas that say they are starting or shutting
	 * down (readiness OUT_OF_SERVICE) are offered only when nothing else answers: they
	 * are not ready by choice, and will not be for a while.
	 */
	public List<Instance> available(Collection<Instance> excluded) {
		List<Instance> snapshot = this.snapshot;
		List<Instance> available = new ArrayList<>();
		int healthy = 0;
		for (Instance instance : snapshot) {
			if (instance.isAvailable()) {
				healthy++;
				if (!excluded.contains(instance)) {
					available.add(instance);
				}
			}
		}
		if (!panics(healthy, snapshot.size())) {
			return available;
		}
		List<Instance> panic = new ArrayList<>();
		List<Instance> lastResort = new ArrayList<>();
		for (Instance instance : snapshot) {
			if (excluded.contains(instance) || !(instance.isAvailable() || instance.isAnswering())) {
				continue;
			}
			(instance.isAvailable() || !instance.isDraining() ? panic : lastResort).add(instance);
		}
		return panic.isEmpty() ? lastResort : panic;
	}

	/**
	 * The instances one attempt may go to: the {@link #available(Collection) available}
	 * ones, each kept with the probability of its {@link #slowStartWeight slow-start
	 * weight} relative to the highest among them, so that a replica just admitted beside
	 * warm ones gets about that fraction of its share whichever strategy then chooses.
	 * Replicas admitted together (the gateway has just started) weigh the same and are
	 * all kept: thinning them would only leave one of them alone at random, slow or not.
	 */
	public List<Instance> candidates(Collection<Instance> excluded, Instant now) {
		List<Instance> available = available(excluded);
		if (available.size() < 2 || !this.strategy.allowsSlowStart()) {
			return available;
		}
		double[] weights = new double[available.size()];
		double heaviest = 0;
		for (int i = 0; i < weights.length; i++) {
			weights[i] = slowStartWeight(available.get(i), now);
			heaviest = Math.max(heaviest, weights[i]);
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		List<Instance> kept = null;
		for (int i = 0; i < weights.length; i++) {
			if (weights[i] < heaviest && random.nextDouble() * heaviest >= weights[i]) {
				if (kept == null) {
					kept = new ArrayList<>(available.subList(0, i));
				}
			}
			else if (kept != null) {
				kept.add(available.get(i));
			}
		}
		return (kept != null) ? kept : available;
	}

	/**
	 * The candidates with room under their concurrency limit: all of them when the pool
	 * sets none.
	 */
	public List<Instance> withRoom(List<Instance> candidates) {
		if (this.roomQueue == null) {
			return candidates;
		}
		List<Instance> withRoom = new ArrayList<>(candidates.size());
		for (Instance instance : candidates) {
			if (instance.hasRoom()) {
				withRoom.add(instance);
			}
		}
		return withRoom;
	}

	/**
	 * Completes when a request of the pool has ended, so that one of {@code candidates}
	 * may have room; fails at once when the pool's queue is full ({@link RoomQueue.Full})
	 * and after {@code timeout} otherwise.
	 */
	Mono<Void> awaitRoom(List<Instance> candidates, Duration timeout) {
		return this.roomQueue.await(timeout, () -> candidates.stream().anyMatch(Instance::hasRoom));
	}

	/**
	 * The fraction of its share a healthy instance gets now, below 1 while it is in slow
	 * start; 1 for strategies without slow start and for instances not healthy (offered
	 * in a panic, when every one counts).
	 */
	public double slowStartWeight(Instance instance, Instant now) {
		if (!instance.isAvailable() || !this.strategy.allowsSlowStart()) {
			return 1.0;
		}
		return this.slowStart.weight(Duration.between(instance.admittedAt(), now));
	}

	/** Too few instances are healthy: traffic also goes to those that still answer. */
	public boolean isPanicking() {
		List<Instance> snapshot = this.snapshot;
		return panics(snapshot.stream().filter(Instance::isAvailable).count(), snapshot.size());
	}

	private boolean panics(long healthy, int instances) {
		return instances > 0 && (healthy == 0 || healthy * 100 < (long) this.panicThreshold * instances);
	}

	/** The percentage of healthy instances below which the pool panics. */
	public int panicThreshold() {
		return this.panicThreshold;
	}

	/**
	 * Who to tell when an instance changes state or starts draining; it must return at
	 * once (it may run on the request path, with the instance locked).
	 */
	public void onChange(Runnable listener) {
		this.onChange = listener;
	}

	/** Replaces the set of instance addresses with what discovery found. */
	public synchronized void update(Set<URI> urls) {
		this.instances.keySet().removeIf((url) -> {
			if (urls.contains(url)) {
				return false;
			}
			this.instanceMeters.remove(url).forEach(this.meters::remove);
			return true;
		});
		for (URI url : urls) {
			this.instances.computeIfAbsent(url, this::newInstance);
		}
		this.snapshot = List.copyOf(this.instances.values());
	}

	private Instance newInstance(URI url) {
		RoomQueue queue = this.roomQueue;
		Instance instance = new Instance(url, this.properties.weights().getOrDefault(url.toString(), 1),
				() -> this.onChange.run(), (queue != null) ? queue::released : () -> {
				}, (queue != null) ? new ConcurrencyLimit(this.concurrency) : null);
		Tags tags = Tags.of("pool", this.name, "url", url.toString());
		this.instanceMeters.put(url,
				List.of(Gauge.builder("gateway.instance.in.flight", instance, Instance::inFlight)
					.tags(tags)
					.register(this.meters),
						Gauge.builder("gateway.instance.healthy", instance, (i) -> i.isAvailable() ? 1 : 0)
							.tags(tags)
							.register(this.meters),
						FunctionCounter.builder("gateway.instance.requests", instance, Instance::requests)
							.tags(tags)
							.register(this.meters),
						FunctionCounter.builder("gateway.instance.errors", instance, Instance::errors)
							.tags(tags)
							.register(this.meters)));
		return instance;
	}

}
