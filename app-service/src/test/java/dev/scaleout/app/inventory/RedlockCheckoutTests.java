package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkout under Redisson Redlock across three replicas, one shared store and three
 * independent lock nodes, all real Redis processes.
 */
class RedlockCheckoutTests {

	static RedisServer store;

	static final List<RedisServer> lockNodes = new ArrayList<>();

	static final List<AppInstance> replicas = new ArrayList<>();

	static Shop shop;

	@BeforeAll
	static void start() {
		store = RedisServer.start();
		for (int i = 0; i < 3; i++) {
			lockNodes.add(RedisServer.start());
		}
		String nodes = lockNodes.stream().map(RedisServer::uri).collect(Collectors.joining(","));
		for (int i = 1; i <= 3; i++) {
			replicas.add(AppInstance.start("app-" + i, store, "app.inventory.guard=redlock",
					"app.inventory.lock-nodes=" + nodes, "app.identity.load-test-users=200",
					"app.inventory.critical-section-delay=2ms",
					// 60-120 buyers of one SKU queue for its lock: the wait must outlast
					// the queue.
					"app.inventory.lock-wait=10s"));
		}
		shop = new Shop(replicas);
	}

	@AfterAll
	static void stop() {
		replicas.forEach(AppInstance::close);
		lockNodes.forEach(RedisServer::close);
		store.close();
	}

	@Test
	void hundredTwentyBuyersOfFortyUnitsGetExactlyFortyOrders() {
		shop.setStock("KB-101", 40);
		List<Response> outcomes = shop.rush(shop.buyers(1, 120, "KB-101", "1"));

		assertThat(Shop.count(outcomes, 201)).isEqualTo(40);
		assertThat(Shop.count(outcomes, 409)).isEqualTo(80);
		assertThat(shop.stock("KB-101")).isZero();
		assertThat(outcomes.stream().filter((r) -> r.status() == 409))
			.allMatch((r) -> r.json().get("shortSkus").toString().contains("KB-101"));
	}

	@Test
	void checkoutStaysCorrectWhenOneLockNodeDiesMidRun() throws Exception {
		shop.setStock("MS-102", 40);
		List<HttpTestClient> buyers = shop.buyers(121, 60, "MS-102", "1");
		Thread killer = new Thread(() -> {
			sleep(150);
			lockNodes.get(2).stop();
		});
		killer.start();
		List<Response> outcomes = shop.rushRetrying(buyers);
		killer.join();
		try {
			assertThat(lockNodes.get(2).isRunning()).isFalse();
			assertThat(Shop.count(outcomes, 201)).isEqualTo(40);
			assertThat(Shop.count(outcomes, 409)).isEqualTo(20);
			assertThat(shop.stock("MS-102")).isZero();
			// With two of three nodes left, the quorum holds: checkout still works.
			Response after = shop.checkout(shop.buyers(181, 1, "HS-104", "1").get(0), 0, UUID.randomUUID().toString());
			assertThat(after.status()).isEqualTo(201);
		}
		finally {
			lockNodes.get(2).restart();
		}
	}

	@Test
	void oneKeySentTenTimesAcrossReplicasMakesOneOrder() {
		shop.setStock("SP-113", 5);
		HttpTestClient buyer = shop.buyers(182, 1, "SP-113", "1").get(0);
		String key = UUID.randomUUID().toString();

		List<Response> outcomes = Shop.parallel(10, (i) -> shop.checkout(buyer, i, key), 10);

		assertThat(outcomes).allMatch((r) -> r.status() == 201 || r.status() == 409);
		Set<String> orderIds = outcomes.stream()
			.filter((r) -> r.status() == 201)
			.map((r) -> r.json().get("id").asString())
			.collect(Collectors.toSet());
		assertThat(orderIds).hasSize(1);
		assertThat(shop.stock("SP-113")).isEqualTo(4);
		Response replay = shop.checkout(buyer, 2, key);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.json().get("id").asString()).isIn(orderIds);
		assertThat(shop.stock("SP-113")).isEqualTo(4);
	}

	@Test
	void idempotencyKeyRulesAndEmptyCart() {
		HttpTestClient buyer = shop.buyers(183, 1, "LG-114", "1").get(0);
		assertThat(shop.checkout(buyer, 0, "").status()).isEqualTo(400);
		assertThat(buyer.post(shop.replica(0).url("/api/orders"), null).status()).isEqualTo(400);
		assertThat(shop.checkout(buyer, 0, "not-a-uuid").status()).isEqualTo(400);
		assertThat(shop.checkout(buyer, 0, "x".repeat(5000)).status()).isBetween(400, 431);

		String key = UUID.randomUUID().toString();
		assertThat(shop.checkout(buyer, 0, key).status()).isEqualTo(201);
		buyer.put(shop.replica(1).url("/api/cart/items/CH-115"), "{\"quantity\":1}");
		Response otherCart = shop.checkout(buyer, 1, key);
		assertThat(otherCart.status()).isEqualTo(422);
		assertThat(otherCart.json().get("detail").asString()).contains("different cart");

		buyer.delete(shop.replica(2).url("/api/cart/items/CH-115"));
		Response empty = shop.checkout(buyer, 2, UUID.randomUUID().toString());
		assertThat(empty.status()).isEqualTo(422);
		assertThat(empty.json().get("detail").asString()).contains("empty");
	}

	@Test
	void multiSkuCartsRaceWithoutDeadlockAndStayAllOrNothing() {
		shop.setStock("WC-105", 20);
		shop.setStock("DK-106", 20);
		List<HttpTestClient> buyers = new ArrayList<>();
		buyers.addAll(shop.buyers(184, 8, "WC-105", "1", "DK-106", "3"));
		buyers.addAll(shop.buyers(192, 8, "DK-106", "1", "WC-105", "3"));

		List<Response> outcomes = shop.rush(buyers);

		assertThat(outcomes).allMatch((r) -> r.status() == 201 || r.status() == 409);
		int soldWebcams = 0;
		int soldDocks = 0;
		for (Response outcome : outcomes) {
			if (outcome.status() == 201) {
				soldWebcams += outcome.json().get("items").get("WC-105").asInt();
				soldDocks += outcome.json().get("items").get("DK-106").asInt();
			}
		}
		assertThat(soldWebcams).isPositive().isLessThanOrEqualTo(20);
		assertThat(shop.stock("WC-105")).isEqualTo(20 - soldWebcams);
		assertThat(shop.stock("DK-106")).isEqualTo(20 - soldDocks);
	}

	@Test
	void losingTheLockQuorumMeansFast503AndNotReadyThenRecovery() {
		shop.setStock("UP-117", 10);
		HttpTestClient buyer = shop.buyers(1, 1, "UP-117", "1").get(0);
		lockNodes.get(0).stop();
		lockNodes.get(1).stop();
		try {
			// The replicas notice within a ping (250 ms): readiness goes DOWN ...
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> new HttpTestClient().get(shop.replica(0).url("/actuator/health/readiness"))
					.status() == 503);
			// ... and checkout is refused at once, without waiting for locks that cannot
			// be had.
			long started = System.nanoTime();
			Response refused = shop.checkout(buyer, 0, UUID.randomUUID().toString());
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.json().get("detail").asString()).contains("lock nodes");
			assertThat(took).isLessThan(Duration.ofSeconds(1));
			assertThat(shop.stock("UP-117")).isEqualTo(10);
		}
		finally {
			lockNodes.get(0).restart();
			lockNodes.get(1).restart();
		}
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> shop.checkout(buyer, 1, UUID.randomUUID().toString()).status() == 201);
		assertThat(shop.stock("UP-117")).isEqualTo(9);
	}

	@Test
	void ordersAreTheOwnersAloneAndStockIsForAdmins() {
		HttpTestClient owner = shop.buyers(2, 1, "PB-120", "2").get(0);
		Response order = shop.checkout(owner, 0, UUID.randomUUID().toString());
		assertThat(order.status()).isEqualTo(201);
		assertThat(order.header("Location")).isEqualTo("/api/orders/" + order.json().get("id").asString());
		assertThat(order.json().get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(order.json().get("instance").asString()).isEqualTo("app-1");
		assertThat(owner.get(shop.replica(1).url("/api/cart")).json().get("items")).isEmpty();

		assertThat(owner.get(shop.replica(2).url(order.header("Location"))).status()).isEqualTo(200);
		assertThat(owner.get(shop.replica(2).url("/api/orders")).body()).contains(order.json().get("id").asString());
		HttpTestClient stranger = shop.login("user3", 1);
		assertThat(stranger.get(shop.replica(1).url(order.header("Location"))).status()).isEqualTo(404);
		assertThat(stranger.put(shop.replica(1).url("/api/admin/products/PB-120/stock"), "{\"stock\":5}").status())
			.isEqualTo(403);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
