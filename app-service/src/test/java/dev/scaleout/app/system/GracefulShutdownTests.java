package dev.scaleout.app.system;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On shutdown the replica first says it is not ready, and keeps serving while balancers
 * notice; only then does it stop.
 */
class GracefulShutdownTests {

	static RedisServer redis;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stop() {
		redis.close();
	}

	@Test
	void readinessTurnsOutOfServiceWhileRequestsAreStillServed() {
		AppInstance app = AppInstance.start("app-draining", redis, "app.shutdown.drain-delay=3s");
		HttpTestClient client = new HttpTestClient();
		assertThat(client.get(app.url("/actuator/health/readiness")).status()).isEqualTo(200);

		CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);

		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(client.get(app.url("/actuator/health/readiness")).body())
				.contains("OUT_OF_SERVICE"));
		assertThat(client.get(app.url("/api/whoami")).status()).isEqualTo(200);
		closing.join();
		assertThat(app.context().isActive()).isFalse();
	}

}
