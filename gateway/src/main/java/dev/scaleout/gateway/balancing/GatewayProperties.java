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
 * @param retry failover of requests that could not reach a replica
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
	 */
	public record Health(@DefaultValue("/actuator/health/readiness") String path, @DefaultValue("1s") Duration interval,
			@DefaultValue("1s") Duration timeout, @Min(1) @DefaultValue("2") int unhealthyThreshold,
			@Min(1) @DefaultValue("2") int healthyThreshold) {
	}

	/**
	 * @param consecutiveErrors consecutive 5xx answers (503 excepted) or timeouts that
	 * eject an instance (a refused connection ejects at once)
	 * @param baseEjectionTime the first ejection's length; it doubles on each repeat
	 * @param maxEjectionTime the longest ejection
	 */
	public record Outlier(@Min(1) @DefaultValue("3") int consecutiveErrors,
			@DefaultValue("5s") Duration baseEjectionTime, @DefaultValue("60s") Duration maxEjectionTime) {
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
	 * @param attempts how many instances a request may try when connections fail
	 */
	public record Retry(@Min(1) @DefaultValue("3") int attempts) {
	}

	public enum Strategy {

		ROUND_ROBIN, WEIGHTED, LEAST_REQUESTS, CONSISTENT_HASH, MODULAR_HASH, STICKY

	}

}
