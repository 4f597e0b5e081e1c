package dev.scaleout.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.scaleout.gateway.support.DyingReplica;
import dev.scaleout.gateway.support.Topology;
import dev.scaleout.gateway.support.Traffic;
import dev.scaleout.testsupport.FreePorts;
import dev.scaleout.testsupport.JavaProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real topology as processes: Redis, three app-service replicas, a canary and the
 * gateway, with replicas killed and stopped under steady logged-in traffic.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndTests {

	final HttpClient http = HttpClient.newHttpClient();

	Topology topology;

	String baseUrl;

	@BeforeAll
	void startTopology() {
		this.topology = Topology.start(3, true, Map.of("GATEWAY_ROUTING_LOGINRATELIMIT_BURSTCAPACITY", "20"));
		this.baseUrl = this.topology.baseUrl();
	}

	@AfterAll
	void stopTopology() {
		if (this.topology != null) {
			this.topology.close();
		}
	}

	@Test
	@Order(1)
	void sigkillOfAReplicaUnderLoadFailsNoRequestAndLosesNoSession() throws InterruptedException {
		JavaProcess victim = this.topology.replica("app-2");
		Traffic traffic = Traffic.start(this.baseUrl, 4);
		Thread.sleep(2000);
		victim.kill();
		int atKill = traffic.requests();
		Thread.sleep(4000);
		traffic.close();

		assertThat(traffic.requests() - atKill).as("requests after the kill").isGreaterThan(50);
		assertThat(traffic.failures()).as("failed requests").isEmpty();
		assertThat(traffic.resets()).as("visit counters that went back: lost sessions").isEmpty();
		// A whoami that app-2 had already saved when it died is answered again by another
		// replica (a GET is retried), so a counter may skip one number at the moment of
		// the kill.
		assertThat(traffic.jumps()).as("visit counters that skipped").hasSizeLessThanOrEqualTo(4);

		victim.start().awaitReady(Topology.START);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.topology.healthyInstances() == 3);
		try (Traffic after = Traffic.start(this.baseUrl, 2)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> after.servedBy("app-2") > 5);
		}
	}

	@Test
	@Order(2)
	void sigtermOfAReplicaUnderLoadFailsNoRequestAndSkipsNoVisit() throws InterruptedException {
		JavaProcess victim = this.topology.replica("app-3");
		Traffic traffic = Traffic.start(this.baseUrl, 4);
		Thread.sleep(2000);
		victim.terminate();
		// The replica's readiness says OUT_OF_SERVICE for its 3 s drain: shown as draining.
		await().atMost(Duration.ofSeconds(3)).until(() -> isDraining("app-3"));
		Thread.sleep(1500);
		traffic.close();

		assertThat(traffic.failures()).as("failed requests").isEmpty();
		assertThat(traffic.resets()).as("lost sessions").isEmpty();
		assertThat(traffic.jumps()).as("requests applied twice").isEmpty();

		victim.start().awaitReady(Topology.START);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.topology.healthyInstances() == 3);
	}

	@Test
	@Order(3)
	void canaryCookieRequestsLandOnlyOnTheCanary() throws Exception {
		for (int i = 0; i < 12; i++) {
			HttpResponse<String> canary = get("/api/ping", "canary=always");
			assertThat(canary.statusCode()).isEqualTo(200);
			assertThat(canary.headers().firstValue("X-Instance")).hasValue("app-canary");
			assertThat(canary.headers().firstValue("X-App-Version")).hasValue("2");
			HttpResponse<String> main = get("/api/ping", null);
			assertThat(main.headers().firstValue("X-Instance")).isPresent().get().isNotEqualTo("app-canary");
		}
	}

	@Test
	@Order(4)
	void replicasActuatorAndUnknownPathsAreNotFound() throws Exception {
		for (String path : List.of("/actuator/env", "/actuator/health", "/elsewhere")) {
			HttpResponse<String> response = get(path, null);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		// A dot-segment path is refused at the edge (400) rather than normalised into the
		// actuator.
		HttpResponse<String> traversal = get("/api/../actuator/env", null);
		assertThat(traversal.statusCode()).isIn(400, 404);
		assertThat(traversal.body()).doesNotContain("propertySources");
	}

	@Test
	@Order(5)
	void gatewayReportsEveryInstanceWithItsStateAndLoad() throws Exception {
		String instances = get("/gateway/instances", null).body();
		assertThat(instances).contains("\"id\":\"app-1\"", "\"id\":\"app-2\"", "\"id\":\"app-3\"",
				"\"id\":\"app-canary\"", "\"state\":\"healthy\"", "\"strategy\":\"round-robin\"", "\"inFlight\"",
				"\"requests\"", "\"errors\"", "\"lastStateChange\"", "\"weight\"", "\"version\":\"1\"",
				"\"version\":\"2\"", "\"draining\":false", "\"requestsPerSecond\"", "\"share\"", "\"totals\"");
	}

	@Test
	@Order(7) // last: it leaves the login rate limit exhausted
	void passwordGuessingIsThrottled() throws Exception {
		int throttled = 0;
		for (int i = 0; i < 40; i++) {
			HttpResponse<String> response = this.http.send(HttpRequest
				.newBuilder(URI.create(this.baseUrl + "/api/login"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"guess" + i + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 429) {
				throttled++;
			}
			else {
				assertThat(response.statusCode()).isIn(401, 403);
			}
		}
		assertThat(throttled).isGreaterThan(10);
	}

	@Test
	@Order(6)
	void aCartUpdateCutOffByADyingReplicaIsReplayedWithItsBodyOnAnother() throws Exception {
		// Logged in first: a login is a POST without a key, which the gateway never
		// repeats.
		HttpClient client = Traffic.loggedIn(this.baseUrl, "user9");
		try (DyingReplica dying = DyingReplica.start(FreePorts.next())) {
			List<String> withDying = new ArrayList<>(this.topology.appUrls());
			withDying.add(dying.url());
			Files.writeString(this.topology.appInstancesFile(), String.join("\n", withDying));
			await().atMost(Duration.ofSeconds(20)).until(() -> this.topology.healthyInstances() == 4);

			List<String> skus = List.of("KB-101", "MS-102", "MN-103", "HS-104", "WC-105");
			for (String sku : skus) {
				HttpResponse<String> put = client
					.send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/cart/items/" + sku))
						.header("Content-Type", "application/json")
						.header("X-XSRF-TOKEN", Traffic.cookie(client, "XSRF-TOKEN"))
						.PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":2}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(put.statusCode()).as(sku + ": " + put.body()).isEqualTo(200);
			}

			assertThat(dying.swallowed()).as("cart updates the dying replica took and never answered")
				.isNotEmpty()
				.allMatch((request) -> request.startsWith("PUT /api/cart/items/")
						&& request.endsWith("{\"quantity\":2}"));
			String cart = client
				.send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/cart")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			for (String sku : skus) {
				assertThat(cart).contains("\"sku\":\"" + sku + "\"");
			}
			assertThat(cart.split("\"quantity\":2", -1)).hasSize(skus.size() + 1);
		}
		finally {
			Files.writeString(this.topology.appInstancesFile(), String.join("\n", this.topology.appUrls()));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.topology.appInstances().size() == 3);
	}

	private boolean isDraining(String id) throws IOException, InterruptedException {
		for (JsonNode instance : this.topology.appInstances()) {
			if (instance.path("id").asString("").equals(id)) {
				return instance.path("draining").asBoolean();
			}
		}
		return false;
	}

	private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
