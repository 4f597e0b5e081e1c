package dev.scaleout.app.chaos;

import java.util.ArrayList;
import java.util.List;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errors switch makes a replica fail a share of its API calls while every health
 * probe passes: a failure only real traffic can see.
 */
class InjectedErrorTests {

	static RedisServer redis;

	static AppInstance grayFailing;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		grayFailing = AppInstance.start("gray", redis, "app.chaos.errors=20");
	}

	@AfterAll
	static void stop() {
		grayFailing.close();
		redis.close();
	}

	@Test
	void aFifthOfApiCallsFailWithAnInjectedProblemWhileEveryProbePasses() {
		HttpTestClient client = new HttpTestClient();
		List<Response> pings = new ArrayList<>();
		List<Integer> probes = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			pings.add(client.get(grayFailing.url("/api/ping")));
			if (i % 10 == 0) {
				probes.add(client.get(grayFailing.url("/actuator/health/readiness")).status());
			}
		}
		List<Response> failed = pings.stream().filter((ping) -> ping.status() != 200).toList();

		// 100 expected; the bounds are 4.5 standard deviations of a binomial(500, 0.2).
		assertThat(failed).hasSizeBetween(60, 140).allSatisfy((ping) -> {
			assertThat(ping.status()).isEqualTo(500);
			assertThat(ping.header("Content-Type")).startsWith("application/problem+json");
			assertThat(ping.header(InjectedErrorFilter.HEADER)).isEqualTo("20%");
			assertThat(ping.json().get("detail").asText()).contains("app.chaos.errors");
		});
		assertThat(probes).hasSize(50).containsOnly(200);
	}

}
