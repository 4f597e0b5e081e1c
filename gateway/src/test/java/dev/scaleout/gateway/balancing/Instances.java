package dev.scaleout.gateway.balancing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/**
 * Healthy instances and requests for strategy tests.
 */
final class Instances {

	private Instances() {
	}

	static List<Instance> healthy(int count) {
		List<Instance> instances = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			instances.add(healthy("http://10.0.0." + i + ":8081", 1));
		}
		return instances;
	}

	static Instance healthy(String url, int weight) {
		Instance instance = new Instance(URI.create(url), weight);
		instance.checkPassed(1, Instant.now());
		return instance;
	}

	/**
	 * The default outlier settings without jitter: 3 consecutive errors, 5 s doubling to
	 * 60 s, judged every second, at most half the pool, failure percentage 10 % of 20
	 * requests, success rate over 5 hosts of 100 requests.
	 */
	static GatewayProperties.Outlier outlier() {
		return new GatewayProperties.Outlier(3, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ZERO,
				Duration.ofSeconds(1), 50, new GatewayProperties.FailurePercentage(10, 20),
				new GatewayProperties.SuccessRate(5, 100, 1.9));
	}

	/**
	 * The gateway's settings as bound from no properties at all (the records' defaults),
	 * with this panic threshold and slow start.
	 */
	static GatewayProperties gateway(int panicThreshold, GatewayProperties.SlowStart slowStart) {
		GatewayProperties defaults = new Binder(new MapConfigurationPropertySource()).bindOrCreate("gateway",
				GatewayProperties.class);
		GatewayProperties.Health health = defaults.health();
		return new GatewayProperties(defaults.pools(),
				new GatewayProperties.Health(health.path(), health.interval(), health.timeout(),
						health.unhealthyThreshold(), health.healthyThreshold(), panicThreshold),
				defaults.outlier(), defaults.canary(), defaults.retry(), slowStart, defaults.concurrency());
	}

	static MockServerWebExchange request() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/whoami"));
	}

	static MockServerWebExchange requestFrom(String clientIp) {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/whoami")
			.remoteAddress(new java.net.InetSocketAddress(clientIp, 40000)));
	}

}
