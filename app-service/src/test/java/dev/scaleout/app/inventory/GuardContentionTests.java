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
 * The same rush of buyers over three replicas with the other two guards: the atomic Lua
 * script sells exactly the stock; no guard at all oversells.
 */
class GuardContentionTests {

	static RedisServer store;

	final List<AppInstance> replicas = new ArrayList<>();

	@BeforeAll
	static void startStore() {
		store = RedisServer.start();
	}

	@AfterAll
	static void stopStore() {
		store.close();
	}

	@AfterEach
	void stopReplicas() {
		this.replicas.forEach(AppInstance::close);
	}

	Shop shop(String guard) {
		for (int i = 1; i <= 3; i++) {
			this.replicas.add(AppInstance.start("app-" + i, store, "app.inventory.guard=" + guard,
					"app.identity.load-test-users=200", "app.inventory.critical-section-delay=20ms"));
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
	void withoutAGuardReplicasOversell() {
		Shop shop = shop("none");
		shop.setStock("HB-119", 40);
		List<Response> outcomes = shop.rush(shop.buyers(1, 120, "HB-119", "1"));
		long confirmed = Shop.count(outcomes, 201);
		// The demonstration: replicas read the same stock and each sells it.
		assertThat(confirmed).as("orders confirmed for 40 units").isGreaterThan(40);
	}

}
