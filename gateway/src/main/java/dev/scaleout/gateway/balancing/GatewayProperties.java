package dev.scaleout.gateway.balancing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pools of replicas behind the gateway and how they are balanced, checked and
 * ejected.
 *
 * @param pools pools by name: {@code app}, and {@code canary} (the app-canary replicas)
 * @param health active health checks
 * @param outlier passive ejection from real traffic
 * @param canary which requests go to the canary pool
 * @param retry failover of requests to another replica
 * @param slowStart how a replica that just became healthy is brought up to its share
 * @param concurrency an adaptive limit on each replica's requests in flight
 */
@ConfigurationProperties("gateway")
@Validated
public record GatewayProperties(@Valid @DefaultValue Map<String, Pool> pools, @Valid @DefaultValue Health health,
		@Valid @DefaultValue Outlier outlier, @Valid @DefaultValue Canary canary, @Valid @DefaultValue Retry retry,
		@Valid @DefaultValue SlowStart slowStart, @Valid @DefaultValue Concurrency concurrency) {

	/**
	 * @param discovery where the pool's instances are
	 * @param strategy how one is chosen per request
	 * @param weights static weights by instance URL ({@code http://host:port}), for
	 * {@code weighted}; missing ones weigh 1
	 * @param hashKey what {@code consistent-hash} hashes
	 * @param stickyCookie the cookie that pins a client, for {@code sticky}
	 * @param hashBalanceFactor bounded loads for {@code consistent-hash} (HAProxy's
	 * {@code hash-balance-factor}, Envoy's {@code hash_balance_factor}): an instance
	 * takes a key's request only while its requests in flight stay within this percentage
	 * of the pool's average, otherwise the next instance on the ring does; 0 leaves the
	 * ring unbounded, else at least 100 (HAProxy suggests 125 to 150)
	 */
	public record Pool(@Valid @DefaultValue Discovery discovery,
			@NotNull @DefaultValue("round-robin") Strategy strategy, @DefaultValue Map<String, Integer> weights,
			@Valid @DefaultValue HashKey hashKey, @DefaultValue("SCALEOUT_LB") String stickyCookie,
			@Min(0) @DefaultValue("0") int hashBalanceFactor) {

		public Pool {
			if (hashBalanceFactor != 0 && hashBalanceFactor < 100) {
				throw new IllegalArgumentException("hash-balance-factor must be 0 (unbounded) or at least 100, not "
						+ hashBalanceFactor + ": below 100 no instance could take its own average");
			}
		}

	}

	/**
	 * @param dnsName a name resolving to every instance (a Compose service, a headless
	 * Service), re-resolved every {@code refreshInterval}
	 * @param port the instances' port when discovered by DNS
	 * @param urls a static list of instance URLs (local processes)
	 * @param file a file listing instance URLs, one per line, re-read like the DNS name
	 * (the launcher rewrites it when it scales local processes)
	 * @param refreshInterval how often the DNS name or the file is read again
	 */
	public record Discovery(String dnsName, @DefaultValue("8081") int port, @DefaultValue List<URI> urls, String file,
			@DefaultValue("3s") Duration refreshInterval) {
	}

	/**
	 * @param source {@code client-ip}, {@code cookie} or {@code header}
	 * @param name the cookie or header name
	 */
	public record HashKey(@DefaultValue("client-ip") String source, @DefaultValue("SESSION") String name) {
	}

	/**
	 * @param path the readiness endpoint of every instance
	 * @param interval time between checks
	 * @param timeout a check slower than this fails
	 * @param unhealthyThreshold consecutive failures that mark an instance unhealthy
	 * @param healthyThreshold consecutive successes that mark it healthy again
	 * @param panicThreshold below this percentage of healthy instances a pool also sends
	 * traffic to instances that answer but are not healthy (Envoy's healthy panic
	 * threshold, 50 %); 0 panics only when none is healthy
	 */
	public record Health(@DefaultValue("/actuator/health/readiness") String path, @DefaultValue("1s") Duration interval,
			@DefaultValue("1s") Duration timeout, @Min(1) @DefaultValue("2") int unhealthyThreshold,
			@Min(1) @DefaultValue("2") int healthyThreshold, @Min(0) @Max(100) @DefaultValue("50") int panicThreshold) {
	}

	/**
	 * Passive ejection from the outcomes of real traffic, as Envoy's outlier detection
	 * does it. A refused connection ejects at once; a run of 5xx answers does; and every
	 * {@code interval} each instance's outcomes since the last one are judged by their
	 * failure percentage and against the other instances' success rates, which catches
	 * the replica that fails one request in five while its health checks pass.
	 *
	 * @param consecutiveErrors consecutive 5xx answers (503 excepted) or timeouts that
	 * eject an instance
	 * @param baseEjectionTime the first ejection's length; it doubles on each repeat and
	 * halves back for every interval the instance then spends healthy and clean
	 * @param maxEjectionTime the longest ejection
	 * @param ejectionJitter up to this much is added to each ejection at random, so
	 * instances ejected together do not all return in the same instant
	 * @param interval how often the outcomes are judged (and counted afresh)
	 * @param maxEjectionPercent at most this share of the pool is ejected by the
	 * statistics at once (at least one instance): past it, the failure is the fleet's,
	 * not an outlier's
	 * @param failurePercentage ejection above a failure percentage
	 * @param successRate ejection below the pool's success rate
	 */
	public record Outlier(@Min(1) @DefaultValue("3") int consecutiveErrors,
			@DefaultValue("5s") Duration baseEjectionTime, @DefaultValue("60s") Duration maxEjectionTime,
			@DefaultValue("1s") Duration ejectionJitter, @DefaultValue("1s") Duration interval,
			@Min(0) @Max(100) @DefaultValue("50") int maxEjectionPercent,
			@Valid @DefaultValue FailurePercentage failurePercentage, @Valid @DefaultValue SuccessRate successRate) {
	}

	/**
	 * Envoy's failure-percentage ejection, on by default here (Envoy: 85 %, enforced 0 %
	 * unless configured) with a threshold low enough to catch a gray failure.
	 *
	 * @param threshold an instance with at least this percentage of failed requests in an
	 * interval is ejected; 0 turns this check off
	 * @param minimumRequests fewer requests than this in an interval prove nothing
	 */
	public record FailurePercentage(@Min(0) @Max(100) @DefaultValue("10") int threshold,
			@Min(1) @DefaultValue("20") int minimumRequests) {
	}

	/**
	 * Envoy's success-rate ejection with its defaults: an instance whose success rate is
	 * below the mean of the pool's by more than {@code stdevFactor} standard deviations.
	 *
	 * @param minimumHosts fewer instances with enough requests than this prove nothing
	 * @param requestVolume the requests an instance needs in an interval to be judged
	 * @param stdevFactor how many standard deviations below the mean eject
	 */
	public record SuccessRate(@Min(2) @DefaultValue("5") int minimumHosts,
			@Min(1) @DefaultValue("100") int requestVolume, @DefaultValue("1.9") double stdevFactor) {
	}

	/**
	 * @param cookie a request with this cookie set to {@code always} goes to the canary
	 * pool
	 * @param weight percentage (0-100) of other requests sent to the canary pool
	 * @param pool the canary pool's name
	 */
	public record Canary(@DefaultValue("canary") String cookie, @Min(0) @Max(100) @DefaultValue("0") int weight,
			@DefaultValue("canary") String pool) {
	}

	/**
	 * Retries on another instance. A request whose connection could not be made is
	 * retried at once whatever its method: it never reached a replica. One that is
	 * harmless to repeat is also retried after a 500, 502 or 504 or a reset, after a
	 * jittered backoff and within the budget.
	 *
	 * @param attempts how many instances a request may try
	 * @param backoffBase the retry after a failed answer waits a random time up to this,
	 * doubling with each retry ...
	 * @param backoffMax ... up to this
	 * @param budget how many of those retries (and hedges) may run at once
	 * @param hedging a second try of a slow GET on another replica
	 */
	public record Retry(@Min(1) @DefaultValue("3") int attempts, @DefaultValue("25ms") Duration backoffBase,
			@DefaultValue("250ms") Duration backoffMax, @Valid @DefaultValue Budget budget,
			@Valid @DefaultValue Hedging hedging) {
	}

	/**
	 * Hedging, as Envoy's {@code hedge_on_per_try_timeout} and "The Tail at Scale" (Dean
	 * and Barroso, 2013) describe it: a GET or HEAD without a body not answered within
	 * {@code delay} is sent again to another replica, and the first answer wins; the
	 * other try is cancelled. Hedges draw on the retry budget, so a slow fleet does not
	 * get twice the load.
	 *
	 * @param enabled off by default, as in Envoy
	 * @param delay how long the first try has before the second is sent (Envoy's per-try
	 * timeout; about the fleet's p95)
	 */
	public record Hedging(@DefaultValue("false") boolean enabled, @NotNull @DefaultValue("50ms") Duration delay) {
	}

	/**
	 * Envoy's retry budget with its defaults: retries after failed answers may be at most
	 * {@code percent} of the requests in flight, or {@code minConcurrency} when that is
	 * more. Without it, a fleet that fails every request gets {@code attempts} times the
	 * load exactly when it can least take it: a retry storm.
	 *
	 * @param enabled off only to watch the storm (experiment {@code lb})
	 * @param percent retries in flight as a percentage of the pool's requests in flight
	 * @param minConcurrency retries that may always run at once
	 */
	public record Budget(@DefaultValue("true") boolean enabled, @Min(0) @DefaultValue("20") int percent,
			@Min(0) @DefaultValue("3") int minConcurrency) {
	}

	/**
	 * Slow start, as Envoy's {@code slow_start_config} and HAProxy's {@code slowstart}: a
	 * replica that has just become healthy (joined, or back after failing its checks)
	 * answers its first requests slowly (a cold JIT, empty caches and connection pools),
	 * so over {@code window} its weight rises from {@code minWeightPercent} to full,
	 * along {@code (time healthy / window) ^ (1 / aggression)}. Not for the hashing and
	 * sticky strategies: their keys stay where they belong. An ejected replica coming
	 * back is warm and takes its share at once.
	 *
	 * @param window how long the ramp lasts; 0 turns slow start off
	 * @param aggression 1 ramps linearly; above 1 faster at first, below 1 slower
	 * @param minWeightPercent the weight at the start of the ramp (Envoy's default, 10 %)
	 */
	public record SlowStart(@NotNull @DefaultValue("10s") Duration window,
			@DecimalMin("0.1") @DefaultValue("1.0") double aggression,
			@Min(1) @Max(100) @DefaultValue("10") int minWeightPercent) {

		/** The fraction of its weight an instance healthy for this long gets, 0 to 1. */
		public double weight(Duration healthyFor) {
			if (this.window.isZero() || healthyFor.compareTo(this.window) >= 0) {
				return 1.0;
			}
			double progress = Math.max(0, (double) healthyFor.toMillis() / this.window.toMillis());
			return Math.max(this.minWeightPercent / 100.0, Math.pow(progress, 1 / this.aggression));
		}

	}

	/**
	 * An adaptive limit on each replica's requests in flight, computed as TCP Vegas sizes
	 * its window (Netflix concurrency-limits' VegasLimit; Envoy's adaptive concurrency
	 * filter works from the same minimum round trip): the fastest answer seen is the
	 * replica's time without a queue, and the limit times the share by which an answer is
	 * slower estimates how many requests wait in the replica. Fewer than about
	 * {@code 3 log10(limit)} waiting, the limit grows; more than {@code 6 log10(limit)},
	 * it shrinks; so a replica is kept busy with a short queue of its own, not a long
	 * one. A request that finds every replica at its limit waits, in a bounded queue of
	 * the pool, for one to finish; when the queue is full or the wait too long it gets a
	 * fast 503 with Retry-After from the gateway, instead of piling onto replicas that
	 * are already queueing (where it would time out late, holding a connection and a
	 * thread).
	 *
	 * @param enabled off by default, as in Envoy
	 * @param initialLimit the limit of a replica not yet measured (VegasLimit: 20)
	 * @param minLimit the limit never falls below this
	 * @param maxLimit nor rises above this
	 * @param queueSize requests of a pool that may wait for room; past that, 503 at once
	 * @param queueTimeout the longest a request waits for room, then 503
	 */
	public record Concurrency(@DefaultValue("false") boolean enabled, @Min(1) @DefaultValue("20") int initialLimit,
			@Min(1) @DefaultValue("1") int minLimit, @Min(1) @DefaultValue("200") int maxLimit,
			@Min(0) @DefaultValue("50") int queueSize, @NotNull @DefaultValue("1s") Duration queueTimeout) {
	}

	public enum Strategy {

		ROUND_ROBIN, WEIGHTED, LEAST_REQUESTS, CONSISTENT_HASH, MODULAR_HASH, STICKY, P2C_EWMA;

		/** As it is configured and shown: {@code p2c-ewma}. */
		public String text() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
