package dev.scaleout.app.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The latency and capacity switches make a replica slow and of finite throughput but
 * leave it healthy: API calls wait, the readiness probe the balancer polls does not.
 */
class InjectedLatencyTests {

	static RedisServer redis;

	static AppInstance slow;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		slow = AppInstance.start("slow", redis, "app.chaos.latency=400ms", "app.chaos.capacity=2");
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

	@Test
	void atMostTheCapacityIsWorkedOnAtOnceTheRestWaitInTurnWhileProbesAnswer() {
		HttpClient http = HttpClient.newHttpClient();
		long start = System.nanoTime();
		List<CompletableFuture<HttpResponse<String>>> pings = IntStream.range(0, 6)
			.mapToObj((i) -> http.sendAsync(HttpRequest.newBuilder(URI.create(slow.url("/api/ping"))).build(),
					HttpResponse.BodyHandlers.ofString()))
			.toList();
		// Both places are taken for the next 400 ms at least: the probe does not queue.
		var readiness = new HttpTestClient().get(slow.url("/actuator/health/readiness"));
		boolean pingsStillWaiting = pings.stream().anyMatch((ping) -> !ping.isDone());
		List<HttpResponse<String>> answers = pings.stream().map(CompletableFuture::join).toList();
		long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

		assertThat(readiness.status()).isEqualTo(200);
		assertThat(pingsStillWaiting).as("readiness answered while the pings were queued").isTrue();
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(200));
		// Two at a time, 400 ms each: three turns.
		assertThat(elapsedMillis).isGreaterThanOrEqualTo(3 * 400);
		List<Long> waits = answers.stream()
			.map((answer) -> Long
				.parseLong(answer.headers().firstValue(InjectedLatencyFilter.WAIT_HEADER).orElseThrow()))
			.sorted()
			.toList();
		assertThat(waits.subList(0, 2)).as("the first two went straight in").allMatch((wait) -> wait < 400);
		assertThat(waits.get(5)).as("the last one waited at least a whole turn").isGreaterThanOrEqualTo(400);
	}

	@Test
	void beyondFourWaitingPerPlaceARequestIsTurnedAwayAtOnceWithAnHonest503() {
		HttpClient http = HttpClient.newHttpClient();
		// 2 places, 8 waiting: 10 fit.
		List<CompletableFuture<HttpResponse<String>>> pings = IntStream.range(0, 12)
			.mapToObj((i) -> http.sendAsync(HttpRequest.newBuilder(URI.create(slow.url("/api/ping"))).build(),
					HttpResponse.BodyHandlers.ofString()))
			.toList();
		List<HttpResponse<String>> answers = pings.stream().map(CompletableFuture::join).toList();

		List<HttpResponse<String>> refused = answers.stream().filter((answer) -> answer.statusCode() == 503).toList();
		assertThat(refused).hasSize(2);
		assertThat(answers).filteredOn((answer) -> answer.statusCode() == 200).hasSize(10);
		assertThat(refused).allSatisfy((answer) -> {
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(answer.body()).contains("at its capacity (app.chaos.capacity: 2 at once, 8 waiting)");
		});
	}

}
