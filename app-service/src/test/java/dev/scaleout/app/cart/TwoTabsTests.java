package dev.scaleout.app.cart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.app.support.RedisPerClass;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two tabs of one session, on two replicas: changes of different lines at the same
 * instant are all kept, a change for a version the cart no longer has is refused with 412
 * and changes nothing, and a line added while a checkout runs stays in the cart. The
 * naive layout ({@code app.cart.store=session}) loses changes it answered 200 to (the
 * demonstration, asserted).
 */
class TwoTabsTests {

	static final List<String> SKUS = List.of("KB-101", "MS-102", "MN-103", "HS-104", "WC-105", "DK-106", "CB-107",
			"SS-108", "MP-109", "SD-110", "RM-111", "MC-112", "SP-113", "LG-114", "CH-115", "DS-116");

	@RegisterExtension
	static final RedisPerClass redis = new RedisPerClass();

	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class Replicas {

		AppInstance a;

		AppInstance b;

		abstract String[] properties();

		@BeforeAll
		void startReplicas() {
			this.a = AppInstance.start("app-a", redis.server(), properties());
			this.b = AppInstance.start("app-b", redis.server(), properties());
		}

		@AfterAll
		void stopReplicas() {
			this.a.close();
			this.b.close();
		}

		AppInstance replica(int i) {
			return (i % 2 == 0) ? this.a : this.b;
		}

		/**
		 * Every tab puts its own product at the same instant, each tab on the next
		 * replica; returns how many were answered 200.
		 */
		int putAllAtOnce(HttpTestClient session, List<String> skus) throws Exception {
			CyclicBarrier together = new CyclicBarrier(skus.size());
			ExecutorService tabs = Executors.newFixedThreadPool(skus.size());
			try {
				List<Future<Integer>> answers = new ArrayList<>();
				for (int i = 0; i < skus.size(); i++) {
					HttpTestClient tab = tabOf(session);
					String url = replica(i).url("/api/cart/items/" + skus.get(i));
					answers.add(tabs.submit(() -> {
						together.await();
						return tab.put(url, "{\"quantity\":1}").status();
					}));
				}
				int ok = 0;
				for (Future<Integer> answer : answers) {
					ok += (answer.get() == 200) ? 1 : 0;
				}
				return ok;
			}
			finally {
				tabs.shutdownNow();
			}
		}

		List<String> skusIn(Response cart) {
			List<String> skus = new ArrayList<>();
			for (JsonNode line : cart.json().get("items")) {
				skus.add(line.get("sku").asString());
			}
			return skus;
		}

	}

	/** Another tab of the same browser: the same cookies, its own connection. */
	static HttpTestClient tabOf(HttpTestClient session) {
		HttpTestClient tab = new HttpTestClient();
		session.cookies().forEach(tab::setCookie);
		return tab;
	}

	@Nested
	class SharedCart extends Replicas {

		@Override
		String[] properties() {
			return new String[] { "app.session.store=redis", "app.inventory.guard=none",
					"app.inventory.critical-section-delay=600ms" };
		}

		@Test
		void sixteenTabsAddingDifferentProductsAtOnceKeepEveryOne() throws Exception {
			HttpTestClient session = this.a.login("alice");

			assertThat(putAllAtOnce(session, SKUS)).isEqualTo(SKUS.size());

			assertThat(skusIn(session.get(this.a.url("/api/cart")))).containsExactlyInAnyOrderElementsOf(SKUS);
			assertThat(skusIn(session.get(this.b.url("/api/cart")))).containsExactlyInAnyOrderElementsOf(SKUS);
		}

		@Test
		void everyAnswerCarriesTheCartsVersionWhichOnlyARealChangeMoves() {
			HttpTestClient tab = this.a.login("bob");
			assertThat(tab.get(this.a.url("/api/cart")).header("ETag")).isEqualTo("\"0\"");
			assertThat(tab.put(this.b.url("/api/cart/items/KB-101"), "{\"quantity\":2}").header("ETag"))
				.isEqualTo("\"1\"");
			assertThat(tab.put(this.a.url("/api/cart/items/KB-101"), "{\"quantity\":2}").header("ETag"))
				.as("the same quantity again changes nothing")
				.isEqualTo("\"1\"");
			assertThat(tab.delete(this.b.url("/api/cart/items/MS-102")).header("ETag"))
				.as("removing a line that is not there changes nothing")
				.isEqualTo("\"1\"");
			assertThat(tab.delete(this.a.url("/api/cart/items/KB-101")).header("ETag")).isEqualTo("\"2\"");
			assertThat(tab.get(this.b.url("/api/cart")).header("ETag")).isEqualTo("\"2\"");
		}

		@Test
		void aChangeForAVersionTheCartNoLongerHasIsRefusedAndChangesNothing() {
			HttpTestClient first = this.a.login("bob");
			HttpTestClient second = tabOf(first);
			String seen = first.get(this.a.url("/api/cart")).header("ETag");
			assertThat(second.get(this.b.url("/api/cart")).header("ETag")).isEqualTo(seen);

			Response won = first.send("PUT", this.a.url("/api/cart/items/KB-101"), "{\"quantity\":1}",
					"application/json", "If-Match", seen);
			Response refused = second.send("PUT", this.b.url("/api/cart/items/MS-102"), "{\"quantity\":1}",
					"application/json", "If-Match", seen);

			assertThat(won.status()).isEqualTo(200);
			assertThat(refused.status()).isEqualTo(412);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			assertThat(refused.json().get("detail").asString()).contains("GET /api/cart")
				.contains("If-Match")
				.contains("again");
			Response fresh = second.get(this.b.url("/api/cart"));
			assertThat(skusIn(fresh)).containsExactly("KB-101");
			// What a client does next: the current version, and the change again.
			Response retried = second.send("PUT", this.b.url("/api/cart/items/MS-102"), "{\"quantity\":1}",
					"application/json", "If-Match", fresh.header("ETag"));
			assertThat(retried.status()).isEqualTo(200);
			assertThat(skusIn(retried)).containsExactly("KB-101", "MS-102");
			Response staleDelete = first.send("DELETE", this.a.url("/api/cart/items/KB-101"), null, null, "If-Match",
					won.header("ETag"));
			assertThat(staleDelete.status()).isEqualTo(412);
			assertThat(skusIn(first.get(this.a.url("/api/cart")))).containsExactly("KB-101", "MS-102");
		}

		@Test
		void ifMatchStarOrAnyListedVersionApplies() {
			HttpTestClient tab = this.a.login("bob");
			String version = tab.get(this.a.url("/api/cart")).header("ETag");
			assertThat(tab
				.send("PUT", this.a.url("/api/cart/items/KB-101"), "{\"quantity\":1}", "application/json", "If-Match",
						"*")
				.status()).isEqualTo(200);
			String now = tab.get(this.b.url("/api/cart")).header("ETag");
			assertThat(tab
				.send("PUT", this.b.url("/api/cart/items/MS-102"), "{\"quantity\":1}", "application/json", "If-Match",
						version + ", " + now)
				.status()).isEqualTo(200);
		}

		@Test
		void aMalformedIfMatchIsABadRequestAndAWeakTagNeverMatches() {
			HttpTestClient tab = this.a.login("bob");
			String version = tab.get(this.a.url("/api/cart")).header("ETag");
			for (String malformed : List.of("7", "\"7", "\"7\" \"8\"", "\"7\",")) {
				Response response = tab.send("PUT", this.a.url("/api/cart/items/KB-101"), "{\"quantity\":1}",
						"application/json", "If-Match", malformed);
				assertThat(response.status()).as(malformed).isEqualTo(400);
				assertThat(response.json().get("detail").asString()).contains("If-Match");
			}
			Response weak = tab.send("PUT", this.a.url("/api/cart/items/KB-101"), "{\"quantity\":1}",
					"application/json", "If-Match", "W/" + version);
			assertThat(weak.status()).isEqualTo(412);
			assertThat(tab.get(this.a.url("/api/cart")).json().get("items")).isEmpty();
		}

		@Test
		void aLineAddedWhileTheCheckoutRunsStaysInTheCart() {
			HttpTestClient buyer = this.a.login("alice");
			assertThat(buyer.put(this.a.url("/api/cart/items/CB-107"), "{\"quantity\":1}").status()).isEqualTo(200);

			assertThat(checkoutWhileAnotherTabAdds(this, buyer)).isEqualTo(201);

			Response cart = buyer.get(this.b.url("/api/cart"));
			assertThat(skusIn(cart)).as("the line another tab added during the checkout").containsExactly("MP-109");
		}

		@Test
		void logoutEndsTheCartAndALoginOfTheSameSessionKeepsIt() {
			StringRedisTemplate redis = this.a.context().getBean(StringRedisTemplate.class);
			HttpTestClient session = this.a.login("bob");
			session.put(this.a.url("/api/cart/items/KB-101"), "{\"quantity\":3}");
			assertThat(redis.keys(SharedCartStore.KEY + "*")).isNotEmpty();

			assertThat(
					session.post(this.b.url("/api/login"), "{\"username\":\"bob\",\"password\":\"password\"}").status())
				.isEqualTo(200);
			assertThat(skusIn(session.get(this.a.url("/api/cart")))).containsExactly("KB-101");

			long cartsBefore = redis.keys(SharedCartStore.KEY + "*").size();
			assertThat(session.post(this.b.url("/api/logout"), null).status()).isEqualTo(204);
			assertThat(redis.keys(SharedCartStore.KEY + "*")).hasSize((int) cartsBefore - 1);
			session.get(this.a.url("/api/whoami"));
			session.post(this.a.url("/api/login"), "{\"username\":\"bob\",\"password\":\"password\"}");
			assertThat(session.get(this.b.url("/api/cart")).json().get("items")).isEmpty();
		}

	}

	@Nested
	class SharedCartWithTokens extends Replicas {

		@Override
		String[] properties() {
			return new String[] { "app.session.store=jwt" };
		}

		@Test
		void sixteenTabsAddingDifferentProductsAtOnceKeepEveryOne() throws Exception {
			HttpTestClient session = this.a.login("alice");

			assertThat(putAllAtOnce(session, SKUS)).isEqualTo(SKUS.size());

			assertThat(skusIn(session.get(this.b.url("/api/cart")))).containsExactlyInAnyOrderElementsOf(SKUS);
		}

		@Test
		void theTokenNamesTheCartButDoesNotCarryIt() {
			HttpTestClient session = this.a.login("bob");
			session.put(this.a.url("/api/cart/items/KB-101"), "{\"quantity\":2}");
			session.get(this.b.url("/api/whoami"));

			String payload = new String(Base64.getUrlDecoder().decode(session.cookie("SESSION_TOKEN").split("\\.")[1]),
					StandardCharsets.UTF_8);
			assertThat(payload).contains("\"sub\":\"bob\"").contains("\"cartId\"").doesNotContain("KB-101");
			assertThat(skusIn(session.get(this.b.url("/api/cart")))).containsExactly("KB-101");
		}

	}

	@Nested
	class NaiveCartInTheSession extends Replicas {

		@Override
		String[] properties() {
			return new String[] { "app.session.store=redis", "app.cart.store=session", "app.inventory.guard=none",
					"app.inventory.critical-section-delay=600ms" };
		}

		@Test
		void tabsAddingDifferentProductsAtOnceLoseItemsTheyWereToldAreKept() throws Exception {
			int acknowledged = 0;
			int kept = 0;
			for (int round = 0; round < 3; round++) {
				HttpTestClient session = this.a.login("alice");
				acknowledged += putAllAtOnce(session, SKUS);
				kept += skusIn(session.get(this.a.url("/api/cart"))).size();
			}
			// The demonstration: all answered 200, and some are gone.
			assertThat(acknowledged).isEqualTo(3 * SKUS.size());
			assertThat(kept).isLessThan(acknowledged);
		}

		@Test
		void aLineAddedWhileTheCheckoutRunsIsWiped() {
			HttpTestClient buyer = this.a.login("alice");
			assertThat(buyer.put(this.a.url("/api/cart/items/CB-107"), "{\"quantity\":1}").status()).isEqualTo(200);

			assertThat(checkoutWhileAnotherTabAdds(this, buyer)).isEqualTo(201);

			assertThat(buyer.get(this.b.url("/api/cart")).json().get("items")).as("the naive layout's checkout race")
				.isEmpty();
		}

	}

	/**
	 * Checks out through replica a (the guard takes 600 ms in its critical section);
	 * while it runs, another tab adds MP-109 through replica b.
	 * @return the checkout's status
	 */
	static int checkoutWhileAnotherTabAdds(Replicas replicas, HttpTestClient buyer) {
		HttpTestClient other = tabOf(buyer);
		CompletableFuture<Response> checkout = CompletableFuture.supplyAsync(() -> buyer.send("POST",
				replicas.a.url("/api/orders"), null, null, "Idempotency-Key", UUID.randomUUID().toString()));
		sleep(250);
		Response added = other.put(replicas.b.url("/api/cart/items/MP-109"), "{\"quantity\":1}");
		assertThat(added.status()).isEqualTo(200);
		assertThat(checkout.isDone()).as("the checkout was still running when the other tab added").isFalse();
		return checkout.join().status();
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
