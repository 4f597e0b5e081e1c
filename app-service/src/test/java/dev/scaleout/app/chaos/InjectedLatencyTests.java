package dev.scaleout.app.chaos;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The latency switch makes a replica slow but leaves it healthy: API calls wait, the
 * readiness probe the balancer polls does not.
 */
class InjectedLatencyTests {

	static RedisServer redis;

	static AppInstance slow;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		slow = AppInstance.start("slow", redis, "app.chaos.latency=400ms");
	}

	@AfterAll
	static void stop() {
		slow.close();
		redis.close();
	}

	@Test
	void everyApiRequestWaitsTheConfiguredLatency() {
		HttpTestClient client = new HttpTestClient();
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			assertThat(client.get(slow.url("/api/ping")).status()).isEqualTo(200);
			assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
		}
	}

	@Test
	void probesAreNotDelayedSoTheSlowReplicaStaysHealthy() {
		HttpTestClient client = new HttpTestClient();
		var ping = client.get(slow.url("/api/ping"));
		var readiness = client.get(slow.url("/actuator/health/readiness"));

		assertThat(ping.raw().headers().firstValue(InjectedLatencyFilter.HEADER)).hasValue("400ms");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.raw().headers().firstValue(InjectedLatencyFilter.HEADER)).isEmpty();
	}

}
