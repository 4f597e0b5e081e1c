package dev.scaleout.gateway.balancing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Every pool, kept current: discovery re-runs every {@code refresh-interval} and each
 * instance's readiness endpoint is checked every {@code health.interval}, on a connection
 * pool of its own so that checks never queue behind proxied traffic.
 */
@Component
public class PoolRegistry implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PoolRegistry.class);

	private final GatewayProperties properties;

	private final Map<String, InstancePool> pools = new LinkedHashMap<>();

	private final WebClient checks;

	private final List<Disposable> loops = new ArrayList<>();

	private volatile boolean running;

	PoolRegistry(GatewayProperties properties, MeterRegistry meters) {
		this.properties = properties;
		properties.pools()
			.forEach((name, pool) -> this.pools.put(name, new InstancePool(name, pool, properties, meters)));
		// The kernel connects, not the busy process: no connection within half the
		// timeout means a dead or unreachable host, not an overloaded one (see
		// answeredSlowly).
		int connectTimeout = (int) Math.max(1, properties.health().timeout().toMillis() / 2);
		HttpClient client = HttpClient
			.create(ConnectionProvider.builder("health-checks").maxIdleTime(Duration.ofSeconds(5)).build())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout)
			.responseTimeout(properties.health().timeout());
		this.checks = WebClient.builder().clientConnector(new ReactorClientHttpConnector(client)).build();
	}

	public InstancePool pool(String name) {
		return this.pools.get(name);
	}

	public Map<String, InstancePool> pools() {
		return this.pools;
	}

	@Override
	public void start() {
		for (Map.Entry<String, GatewayProperties.Pool> entry : this.properties.pools().entrySet()) {
			InstancePool pool = this.pools.get(entry.getKey());
			GatewayProperties.Discovery discovery = entry.getValue().discovery();
			refresh(pool, discovery);
			this.loops.add(Flux.interval(discovery.refreshInterval(), Schedulers.boundedElastic())
				.subscribe((tick) -> refresh(pool, discovery)));
		}
		this.loops.add(Flux.interval(Duration.ZERO, this.properties.health().interval())
			.onBackpressureDrop()
			.concatMap((tick) -> checkAll(), 0)
			.subscribe());
		GatewayProperties.Outlier outlier = this.properties.outlier();
		this.loops.add(Flux.interval(outlier.interval(), outlier.interval(), Schedulers.parallel())
			.subscribe((tick) -> this.pools.values()
				.forEach((pool) -> OutlierDetector.judge(pool.instances(), outlier, Instant.now()))));
		this.running = true;
	}

	@Override
	public void stop() {
		this.loops.forEach(Disposable::dispose);
		this.loops.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void refresh(InstancePool pool, GatewayProperties.Discovery discovery) {
		Set<URI> urls = Discovery.resolve(discovery);
		if (urls == null) {
			log.debug("{} did not resolve; keeping the instances of pool {}", discovery.dnsName(), pool.name());
			return;
		}
		pool.update(urls);
	}

	private Mono<Void> checkAll() {
		return Flux.fromIterable(this.pools.values())
			.flatMapIterable(InstancePool::instances)
			.flatMap(this::check)
			.then();
	}

	private Mono<Void> check(Instance instance) {
		GatewayProperties.Health health = this.properties.health();
		AtomicBoolean answered = new AtomicBoolean();
		AtomicBoolean draining = new AtomicBoolean();
		AtomicReference<String> failure = new AtomicReference<>("");
		return this.checks.get().uri(instance.url().resolve(health.path())).exchangeToMono((response) -> {
			answered.set(true);
			HttpHeaders headers = response.headers().asHttpHeaders();
			instance.identify(headers.getFirst("X-Instance"), headers.getFirst("X-App-Version"));
			if (response.statusCode().is2xxSuccessful()) {
				return response.releaseBody().thenReturn(true);
			}
			// Not ready: shutting down (OUT_OF_SERVICE) or a dependency down (DOWN).
			return response.bodyToMono(String.class).defaultIfEmpty("").map((body) -> {
				draining.set(body.contains("\"OUT_OF_SERVICE\""));
				failure.set(": its readiness answered " + response.statusCode().value());
				return false;
			});
		}).timeout(health.timeout()).onErrorResume((error) -> {
			answered.set(answeredSlowly(error));
			failure.set(": " + ((error.getCause() != null) ? error.getCause() : error));
			return Mono.just(false);
		}).doOnNext((passed) -> {
			instance.answered(answered.get());
			instance.draining(draining.get());
			Instance.State before = instance.state();
			if (passed) {
				instance.checkPassed(health.healthyThreshold(), Instant.now());
			}
			else {
				instance.checkFailed(health.unhealthyThreshold(), Instant.now());
			}
			if (before != instance.state()) {
				log.info("Instance {} is now {}{}", instance, instance.state(), passed ? "" : failure.get());
			}
		}).then();
	}

	/**
	 * Whether a failed check still reached a live process: connected, but no answer in
	 * time. Such an instance fails the check (it is too slow to be given traffic while
	 * others are healthy), yet a pool in panic may still use it: under overload every
	 * replica's checks time out together, and refusing all of them would turn a slow
	 * service into a dead one. A refused, reset or timed-out connection is not that.
	 */
	static boolean answeredSlowly(Throwable error) {
		return error instanceof TimeoutException || error instanceof ReadTimeoutException
				|| error.getCause() instanceof ReadTimeoutException;
	}

}
