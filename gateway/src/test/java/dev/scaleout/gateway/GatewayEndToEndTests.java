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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.scaleout.gateway.support.DyingReplica;
import dev.scaleout.gateway.support.Topologies;
import dev.scaleout.gateway.support.Traffic;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.process.FreePorts;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real topology as processes: the session store as a Redis primary and replica under
 * three Sentinels, three lock nodes, S3Proxy, three app-service replicas, a canary and
 * the gateway, with replicas, the store's primary, lock nodes and the object store killed
 * and stopped under steady logged-in traffic.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final HttpClient http = HttpClient.newHttpClient();

	Topology topology;

	String baseUrl;

	@BeforeAll
	void startTopology() {
		this.topology = Topology
			.owned(Topologies.productionLike().gateway(GatewayKeys.LOGIN_RATE_LIMIT_BURST_CAPACITY, 20).build())
			.start();
		this.baseUrl = this.topology.gateway().url();
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
		Node victim = this.topology.replica("app-2");
		Traffic traffic = Traffic.start(this.baseUrl, 4);
		Thread.sleep(2000);
		victim.kill();
		int atKill = traffic.requests();
		Thread.sleep(4000);
		traffic.close();

		assertThat(traffic.requests() - atKill).as("requests after the kill").isGreaterThan(50);
		assertThat(traffic.failures()).as("failed requests").isEmpty();
		assertThat(traffic.resets()).as("visit counters that went back: lost sessions").isEmpty();
		// A whoami that app-2 had already saved when it died is repeated on another
		// replica with its X-Request-Id, which that one does not count again.
		assertThat(traffic.jumps()).as("visit counters that skipped: a whoami counted twice").isEmpty();

		victim.start().awaitReady(Topology.START);
		await().atMost(Duration.ofSeconds(15)).until(() -> Topologies.healthyReplicas(this.topology) == 3);
		try (Traffic after = Traffic.start(this.baseUrl, 2)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> after.servedBy("app-2") > 5);
		}
	}

	/**
	 * SIGTERM of every replica in turn, each back and admitted by the gateway before the
	 * next: not one request fails, no session is lost, no visit counts twice.
	 */
	@Test
	@Order(2)
	void rollingRestartOfEveryReplicaUnderLoadFailsNoRequest() throws InterruptedException {
		Traffic traffic = Traffic.start(this.baseUrl, 4);
		Thread.sleep(1000);
		for (Node replica : this.topology.replicas()) {
			// terminate() returns once the process is gone; meanwhile its readiness says
			// OUT_OF_SERVICE for the 3 s drain, and the gateway shows it draining.
			CompletableFuture<Void> stopping = CompletableFuture.runAsync(replica::terminate);
			await().atMost(Duration.ofSeconds(3)).until(() -> isDraining(replica.name()));
			stopping.join();
			replica.start().awaitReady(Topology.START);
			// The next one goes only once the gateway sends traffic to this one again.
			await().atMost(Duration.ofSeconds(15)).until(() -> Topologies.healthyReplicas(this.topology) == 3);
		}
		int afterRestarts = traffic.requests();
		Thread.sleep(1000);
		traffic.close();

		assertThat(traffic.requests() - afterRestarts).as("requests after the last restart").isGreaterThan(10);
		assertThat(traffic.failures()).as("failed requests").isEmpty();
		assertThat(traffic.resets()).as("lost sessions").isEmpty();
		assertThat(traffic.jumps()).as("requests applied twice").isEmpty();
		for (Node replica : this.topology.replicas()) {
			assertThat(traffic.servedBy(replica.name())).as("requests served by " + replica.name()).isPositive();
		}
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

	/**
	 * SIGKILL of the store's primary: until the Sentinels promote the replica, requests
	 * that need the store get an honest 503 at once and the replicas report not ready;
	 * then the replicas and the gateway follow the promotion without a restart, and no
	 * session write older than a second is lost (the replica had it).
	 */
	@Test
	@Order(7)
	void killedStorePrimaryCostsFast503sUntilThePromotionAndLosesNoSettledWrite() throws Exception {
		Node primary = this.topology.redis().primary();
		Traffic traffic = Traffic.start(this.baseUrl, 4);
		Thread.sleep(2000);
		long killedAt = System.nanoTime();
		primary.kill();

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> status(Topologies.replicaUrls(this.topology).get(0) + "/actuator/health/readiness") == 503);
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> get("/api/whoami", null).statusCode() == 200);
		Duration writesAgain = Duration.ofNanos(System.nanoTime() - killedAt);
		for (String app : Topologies.replicaUrls(this.topology)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> status(app + "/actuator/health/readiness") == 200);
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> Topologies.healthyReplicas(this.topology) == 3);
		int recovered = traffic.requests();
		Thread.sleep(1000);
		traffic.close();
		System.out.printf("store failover: %d requests, %d failed, writes succeed again after %d ms%n",
				traffic.requests(), traffic.failures().size(), writesAgain.toMillis());

		assertThat(this.topology.redis().primary()).as("the promoted replica").isNotSameAs(primary);
		assertThat(traffic.failures()).as("failed requests")
			.allMatch((failure) -> failure.startsWith("503 application/problem+json"));
		assertThat(traffic.slowest()).as("the slowest request").isLessThan(Duration.ofSeconds(3));
		assertThat(traffic.resetsOfVisitsAnsweredBefore(killedAt - Duration.ofSeconds(1).toNanos()))
			.as("sessions that lost a visit answered more than 1 s before the kill")
			.isZero();
		assertThat(traffic.requests() - recovered).as("requests after the recovery").isGreaterThan(10);
		assertThat(writesAgain).as("time until session writes succeed again").isLessThan(Duration.ofSeconds(10));
	}

	/**
	 * Lock nodes under load: with one of three down checkout goes on; with two down it is
	 * refused at once with a 503 problem, sells nothing, and readiness goes DOWN, while
	 * sessions never notice (the gateway routes on to replicas that still answer); back,
	 * checkout works again without a restart.
	 */
	@Test
	@Order(8)
	void checkoutNeedsALockQuorumAndNothingElseNoticesItsLoss() throws Exception {
		HttpClient buyer = Traffic.loggedIn(this.baseUrl, "user8");
		Traffic traffic = Traffic.start(this.baseUrl, 2);
		try {
			this.topology.lockNodes().get(0).kill();
			assertThat(checkOut(buyer)).as("checkout with 2 of 3 lock nodes").isEqualTo(201);

			this.topology.lockNodes().get(1).kill();
			awaitReadiness(503);
			addToCart(buyer);
			String stockBefore = get("/api/products/KB-101", null).body();
			long started = System.nanoTime();
			HttpResponse<String> refused = order(buyer, UUID.randomUUID().toString());
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(took).as("a refused checkout").isLessThan(Duration.ofSeconds(1));
			assertThat(get("/api/products/KB-101", null).body()).as("stock").isEqualTo(stockBefore);
		}
		finally {
			this.topology.lockNodes().get(0).start().awaitReady(Duration.ofSeconds(10));
			this.topology.lockNodes().get(1).start().awaitReady(Duration.ofSeconds(10));
		}
		awaitReadiness(200);
		assertThat(checkOut(buyer)).as("checkout with every lock node back").isEqualTo(201);
		traffic.close();
		assertThat(traffic.failures()).as("session requests that failed").isEmpty();
		assertThat(traffic.resets()).as("lost sessions").isEmpty();
	}

	/**
	 * The object store under load: downloads get a 503 problem at once while it is gone,
	 * sessions never notice; back, the same bytes come out without a restart.
	 */
	@Test
	@Order(9)
	void filesAnswer503WhileTheObjectStoreIsDownAndNothingElseNotices() throws Exception {
		HttpClient owner = Traffic.loggedIn(this.baseUrl, "user7");
		String content = "kept in the shared bucket " + UUID.randomUUID();
		HttpResponse<String> uploaded = upload(owner, content);
		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
		String file = "/api/files/" + JSON.readTree(uploaded.body()).path("id").asString();
		Traffic traffic = Traffic.start(this.baseUrl, 2);

		try {
			this.topology.objectStore().orElseThrow().node().kill();
			awaitReadiness(503);
			long started = System.nanoTime();
			HttpResponse<String> down = send(owner, HttpRequest.newBuilder(URI.create(this.baseUrl + file)));
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(took).as("a download from a dead store").isLessThan(Duration.ofSeconds(3));
		}
		finally {
			this.topology.objectStore().orElseThrow().node().start().awaitReady(Duration.ofSeconds(60));
		}
		awaitReadiness(200);
		HttpResponse<String> back = send(owner, HttpRequest.newBuilder(URI.create(this.baseUrl + file)));
		assertThat(back.statusCode()).isEqualTo(200);
		assertThat(back.body()).isEqualTo(content);
		traffic.close();
		assertThat(traffic.failures()).as("session requests that failed").isEmpty();
		assertThat(traffic.resets()).as("lost sessions").isEmpty();
	}

	/**
	 * Last: it leaves the login rate limit exhausted. Its limiter follows the promotion.
	 */
	@Test
	@Order(10)
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
			admit(dying);

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
			this.topology.writeInstanceFiles();
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.topology.gateway().instances().pool(Pool.APP).instances().size() == 3);
	}

	@Test
	@Order(7)
	void aVisitSavedByAReplicaThatDiedBeforeAnsweringIsCountedOnce() throws Exception {
		HttpClient client = Traffic.loggedIn(this.baseUrl, "user10");
		try (DyingReplica dying = DyingReplica.workingThrough(FreePorts.next(), this.topology.replica("app-1").url())) {
			admit(dying);
			long last = visits(client);
			for (int i = 0; i < 12; i++) {
				long visits = visits(client);
				assertThat(visits).as("the visit after %d", last).isEqualTo(last + 1);
				last = visits;
			}
			assertThat(dying.swallowed()).as("whoamis app-1 counted and the dying replica never answered")
				.isNotEmpty()
				.allMatch((request) -> request.startsWith("GET /api/whoami"));
		}
		finally {
			this.topology.writeInstanceFiles();
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.topology.gateway().instances().pool(Pool.APP).instances().size() == 3);
	}

	/** Adds it to the app pool and waits until it takes its full share. */
	private void admit(DyingReplica dying) {
		List<String> withDying = new ArrayList<>(Topologies.replicaUrls(this.topology));
		withDying.add(dying.url());
		this.topology.writeInstancesFile(Pool.APP, withDying);
		await().atMost(Duration.ofSeconds(20)).until(() -> Topologies.healthyReplicas(this.topology) == 4);
		// Past its slow start, so that it takes its full turn.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.topology.gateway()
				.instances()
				.pool(Pool.APP)
				.instances()
				.stream()
				.anyMatch((instance) -> instance.url().equals(dying.url()) && instance.slowStartPercent() == 100));
	}

	private long visits(HttpClient client) throws IOException, InterruptedException {
		HttpResponse<String> whoami = client.send(
				HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/whoami")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
		return JSON.readTree(whoami.body()).path("visits").asLong();
	}

	private boolean isDraining(String id) {
		return this.topology.gateway().instances().instance(Pool.APP, id).map(InstanceView::draining).orElse(false);
	}

	private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Puts one KB-101 in the cart and checks out; a 503 (a lock node that has just died
	 * and is not yet known to be down) is retried with the same key, as a client should.
	 * @return the final status
	 */
	private int checkOut(HttpClient buyer) throws IOException, InterruptedException {
		addToCart(buyer);
		String key = UUID.randomUUID().toString();
		HttpResponse<String> order = order(buyer, key);
		for (int attempt = 0; order.statusCode() == 503 && attempt < 10; attempt++) {
			assertThat(order.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			Thread.sleep(200);
			order = order(buyer, key);
		}
		return order.statusCode();
	}

	private void addToCart(HttpClient buyer) throws IOException, InterruptedException {
		HttpResponse<String> cart = send(buyer,
				HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/cart/items/KB-101"))
					.header("Content-Type", "application/json")
					.header("X-XSRF-TOKEN", Traffic.cookie(buyer, "XSRF-TOKEN"))
					.PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")));
		assertThat(cart.statusCode()).as(cart.body()).isEqualTo(200);
	}

	private HttpResponse<String> order(HttpClient buyer, String idempotencyKey)
			throws IOException, InterruptedException {
		return send(buyer,
				HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/orders"))
					.header("Idempotency-Key", idempotencyKey)
					.header("X-XSRF-TOKEN", Traffic.cookie(buyer, "XSRF-TOKEN"))
					.POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpResponse<String> upload(HttpClient owner, String content) throws IOException, InterruptedException {
		String boundary = "scaleout" + UUID.randomUUID();
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
		return send(owner,
				HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/files"))
					.header("Content-Type", "multipart/form-data; boundary=" + boundary)
					.header("X-XSRF-TOKEN", Traffic.cookie(owner, "XSRF-TOKEN"))
					.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** A bounded request: a hang fails the test instead of holding it. */
	private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
			throws IOException, InterruptedException {
		return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Until every app replica reports this readiness status. */
	private void awaitReadiness(int expected) {
		for (String app : Topologies.replicaUrls(this.topology)) {
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> status(app + "/actuator/health/readiness") == expected);
		}
	}

	private int status(String url) throws IOException, InterruptedException {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
