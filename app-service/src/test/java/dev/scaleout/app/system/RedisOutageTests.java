package dev.scaleout.app.system;

import java.time.Duration;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When Redis dies, requests that need it answer an honest 503 at once, readiness goes
 * DOWN while liveness stays UP (restarting the replica would not help), and everything
 * recovers by itself when Redis returns.
 */
class RedisOutageTests {

	static RedisServer redis;

	static AppInstance app;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		app = AppInstance.start("app-outage", redis);
	}

	@AfterAll
	static void stop() {
		app.close();
		redis.close();
	}

	@Test
	void redisDownMeansFast503AndNotReadyThenRecoveryWithoutRestart() {
		HttpTestClient client = new HttpTestClient();
		assertThat(client.get(app.url("/api/whoami")).json().get("visits").asLong()).isEqualTo(1);
		assertThat(client.get(app.url("/actuator/health/readiness")).status()).isEqualTo(200);

		redis.stop();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(client.get(app.url("/actuator/health/readiness")).status()).isEqualTo(503));
		long started = System.nanoTime();
		Response whoami = client.get(app.url("/api/whoami"));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(whoami.status()).isEqualTo(503);
		assertThat(whoami.header("Content-Type")).startsWith("application/problem+json");
		assertThat(whoami.header("Retry-After")).isEqualTo("1");
		assertThat(took).as("a dead store must not hold the request").isLessThan(Duration.ofSeconds(3));
		assertThat(client.get(app.url("/actuator/health/liveness")).status()).isEqualTo(200);
		assertThat(client.get(app.url("/api/ping")).status()).isEqualTo(200);
		// Stock lives in the store too: an honest 503 rather than a catalog with made-up
		// stock.
		assertThat(client.get(app.url("/api/products")).status()).isEqualTo(503);

		redis.restart();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(client.get(app.url("/api/whoami")).status()).isEqualTo(200));
		// Readiness may follow a moment later: its sessionStore check stayed DOWN for
		// 0.7 s after the first 200 against a Redis container that came back.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(client.get(app.url("/actuator/health/readiness")).status()).isEqualTo(200));
	}

}
