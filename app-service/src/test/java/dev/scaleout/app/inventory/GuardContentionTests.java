package dev.scaleout.app.inventory;

import java.util.ArrayList;
import java.util.List;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same rush of buyers over three replicas with the other guards: the atomic Lua
 * script, Redisson's RLock and its RFencedLock on one Redis sell exactly the stock; no
 * guard at all oversells.
 */
class GuardContentionTests {

	static RedisServer store;

	static RedisServer lockNode;

	final List<AppInstance> replicas = new ArrayList<>();

	@BeforeAll
	static void startStore() {
		store = RedisServer.start();
		lockNode = RedisServer.start();
	}

	@AfterAll
	static void stopStore() {
		lockNode.close();
		store.close();
	}

	@AfterEach
	void stopReplicas() {
		this.replicas.forEach(AppInstance::close);
	}

	Shop shop(String guard) {
		for (int i = 1; i <= 3; i++) {
			this.replicas.add(AppInstance.start("app-" + i, store, "app.inventory.guard=" + guard,
					"app.identity.load-test-users=200", "app.inventory.critical-section-delay=20ms",
					"app.inventory.lock-nodes=" + lockNode.uri(),
					// 120 buyers of one SKU queue for its lock: the wait must outlast the
					// queue.
					"app.inventory.lock-wait=10s"));
		}
		return new Shop(this.replicas);
	}

	@Test
	void atomicScriptSellsExactlyTheStock() {
		Shop shop = shop("atomic");
		shop.setStock("RT-118", 40);
		List<Response> outcomes = shop.rush(shop.buyers(1, 120, "RT-118", "1"));
		assertThat(Shop.count(outcomes, 201)).isEqualTo(40);
		assertThat(Shop.count(outcomes, 409)).isEqualTo(80);
		assertThat(shop.stock("RT-118")).isZero();
	}

	@Test
	void redissonLockOnOneRedisSellsExactlyTheStock() {
		Shop shop = shop("rlock");
		shop.setStock("MS-102", 40);
		List<Response> outcomes = shop.rush(shop.buyers(1, 120, "MS-102", "1"));
		assertThat(Shop.count(outcomes, 201)).isEqualTo(40);
		assertThat(Shop.count(outcomes, 409)).isEqualTo(80);
		assertThat(shop.stock("MS-102")).isZero();
	}

	@Test
	void fencedLockOnOneRedisSellsExactlyTheStock() {
		Shop shop = shop("fenced");
		shop.setStock("HS-104", 40);
		List<Response> outcomes = shop.rush(shop.buyers(1, 120, "HS-104", "1"));
		assertThat(Shop.count(outcomes, 201)).isEqualTo(40);
		assertThat(Shop.count(outcomes, 409)).isEqualTo(80);
		assertThat(shop.stock("HS-104")).isZero();
	}

	@Test
	void withoutAGuardReplicasOversell() {
		Shop shop = shop("none");
		shop.setStock("HB-119", 40);
		List<Response> outcomes = shop.rush(shop.buyers(1, 120, "HB-119", "1"));
		long confirmed = Shop.count(outcomes, 201);
		// The demonstration: replicas read the same stock and each sells it.
		assertThat(confirmed).as("orders confirmed for 40 units").isGreaterThan(40);
	}

}
