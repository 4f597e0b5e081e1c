package dev.scaleout.gateway.balancing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
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
 */
@ConfigurationProperties("gateway")
@Validated
public record GatewayProperties(@Valid @DefaultValue Map<String, Pool> pools, @Valid @DefaultValue Health health,
		@Valid @DefaultValue Outlier outlier, @Valid @DefaultValue Canary canary, @Valid @DefaultValue Retry retry) {

	/**
	 * @param discovery where the pool's instances are
	 * @param strategy how one is chosen per request
	 * @param weights static weights by instance URL ({@code http://host:port}), for
	 * {@code weighted}; missing ones weigh 1
	 * @param hashKey what {@code consistent-hash} hashes
	 * @param stickyCookie the cookie that pins a client, for {@code sticky}
	 */
	public record Pool(@Valid @DefaultValue Discovery discovery,
			@NotNull @DefaultValue("round-robin") Strategy strategy, @DefaultValue Map<String, Integer> weights,
			@Valid @DefaultValue HashKey hashKey, @DefaultValue("SCALEOUT_LB") String stickyCookie) {
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
	 * @param budget how many of those retries may run at once
	 */
	public record Retry(@Min(1) @DefaultValue("3") int attempts, @DefaultValue("25ms") Duration backoffBase,
			@DefaultValue("250ms") Duration backoffMax, @Valid @DefaultValue Budget budget) {
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

	public enum Strategy {

		ROUND_ROBIN, WEIGHTED, LEAST_REQUESTS, CONSISTENT_HASH, MODULAR_HASH, STICKY, P2C_EWMA

	}

}
