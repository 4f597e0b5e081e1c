package dev.scaleout.app.session;

import java.util.ArrayList;
import java.util.List;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.app.support.RedisPerClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traffic without a login must not be able to fill the session store: a client that never
 * returns cookies (as a bot, a crawler or wrk does) leaves nothing in it, an anonymous
 * session lives minutes rather than the full idle timeout, and a replica that keeps
 * sessions in its heap refuses new ones past its bound with an honest 503.
 */
class AnonymousSessionsTests {

	@RegisterExtension
	static final RedisPerClass redis = new RedisPerClass();

	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class RedisStore {

		AppInstance app;

		StringRedisTemplate template;

		@BeforeAll
		void startReplica() {
			this.app = AppInstance.start("app-a", redis.server(), "app.session.store=redis");
			this.template = this.app.context().getBean(StringRedisTemplate.class);
		}

		@AfterAll
		void stopReplica() {
			this.app.close();
		}

		@BeforeEach
		void emptyStore() {
			this.template.delete(this.template.keys("scaleout:session:*"));
		}

		@Test
		void cookielessRequestsLeaveNoSessionInTheStore() {
			for (int i = 0; i < 200; i++) {
				// A new client each time: nothing it was sent comes back.
				Response whoami = new HttpTestClient().get(this.app.url("/api/whoami"));
				assertThat(whoami.status()).isEqualTo(200);
				assertThat(whoami.json().get("visits").asLong()).isEqualTo(1);
				assertThat(whoami.setCookies()).noneMatch((cookie) -> cookie.startsWith("SESSION="));
			}
			assertThat(this.template.keys("scaleout:session:sessions:*")).isEmpty();
		}

		@Test
		void aClientThatReturnsTheCheckCookieGetsItsSessionOnTheSecondVisit() {
			HttpTestClient browser = new HttpTestClient();
			Response first = browser.get(this.app.url("/api/whoami"));
			assertThat(first.json().get("visits").asLong()).isEqualTo(1);
			assertThat(browser.cookies()).containsKey(CookieCheck.COOKIE).doesNotContainKey("SESSION");

			Response second = browser.get(this.app.url("/api/whoami"));
			assertThat(second.json().get("visits").asLong()).isEqualTo(2);
			// The check cookie has done its work: the session carries the client now.
			assertThat(browser.cookies()).containsKey("SESSION").doesNotContainKey(CookieCheck.COOKIE);
			assertThat(this.template.keys("scaleout:session:sessions:*")).hasSize(1);
			assertThat(browser.get(this.app.url("/api/whoami")).json().get("visits").asLong()).isEqualTo(3);
		}

		@Test
		void aLoginRightAfterTheFirstVisitKeepsTheVisitTheCheckCookieCounted() {
			HttpTestClient browser = new HttpTestClient();
			assertThat(browser.get(this.app.url("/api/whoami")).json().get("visits").asLong()).isEqualTo(1);
			assertThat(browser.post(this.app.url("/api/login"), "{\"username\":\"bob\",\"password\":\"password\"}")
				.status()).isEqualTo(200);
			Response whoami = browser.get(this.app.url("/api/whoami"));
			assertThat(whoami.json().get("user").asString()).isEqualTo("bob");
			assertThat(whoami.json().get("visits").asLong()).isEqualTo(2);
		}

		@Test
		void anAnonymousSessionLivesMinutesAndALoginGivesItTheFullIdleTimeout() {
			HttpTestClient browser = new HttpTestClient();
			browser.get(this.app.url("/api/whoami"));
			browser.get(this.app.url("/api/whoami"));
			String key = "scaleout:session:sessions:" + sessionId(browser);
			assertThat(this.template.getExpire(key)).isBetween(1L, 5 * 60L);

			assertThat(browser.post(this.app.url("/api/login"), "{\"username\":\"alice\",\"password\":\"password\"}")
				.status()).isEqualTo(200);
			String loggedIn = "scaleout:session:sessions:" + sessionId(browser);
			assertThat(this.template.getExpire(loggedIn)).isGreaterThan(25 * 60L);
			assertThat(browser.get(this.app.url("/api/whoami")).json().get("user").asString()).isEqualTo("alice");
		}

		@Test
		void theStoresUsageCountsItsSessionsForTheDashboardAndTheMetrics() throws InterruptedException {
			for (int i = 0; i < 3; i++) {
				HttpTestClient browser = new HttpTestClient();
				browser.get(this.app.url("/api/whoami"));
				browser.get(this.app.url("/api/whoami"));
			}
			// Readings are shared for two seconds.
			Thread.sleep(2100);
			Response usage = new HttpTestClient().get(this.app.url("/api/session-store"));
			assertThat(usage.status()).isEqualTo(200);
			assertThat(usage.json().get("store").asString()).isEqualTo("redis");
			assertThat(usage.json().get("sessions").asLong()).isEqualTo(3);
			assertThat(usage.json().get("memoryOf").asString()).isEqualTo("redis");
			assertThat(usage.json().get("memoryUsedBytes").asLong()).isPositive();
			String metrics = new HttpTestClient().get(this.app.url("/actuator/prometheus")).body();
			assertThat(metrics).contains("scaleout_session_store_sessions{")
				.containsPattern("scaleout_session_store_sessions\\{[^}]*store=\"redis\"[^}]*\\} 3\\.0")
				.contains("scaleout_session_store_memory_used_bytes{");
		}

		private String sessionId(HttpTestClient browser) {
			// Spring Session's cookie holds the id Base64-encoded.
			return new String(java.util.Base64.getDecoder().decode(browser.cookie("SESSION")));
		}

	}

	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class WithoutTheCookieCheck {

		AppInstance app;

		@BeforeAll
		void startReplica() {
			this.app = AppInstance.start("app-a", redis.server(), "app.session.store=redis",
					"app.session.anonymous.cookie-check=false");
		}

		@AfterAll
		void stopReplica() {
			this.app.close();
		}

		@Test
		void everyCookielessRequestCreatesASessionAsBeforeTheDefence() {
			StringRedisTemplate template = this.app.context().getBean(StringRedisTemplate.class);
			template.delete(template.keys("scaleout:session:*"));
			for (int i = 0; i < 20; i++) {
				new HttpTestClient().get(this.app.url("/api/whoami"));
			}
			assertThat(template.keys("scaleout:session:sessions:*")).hasSize(20);
		}

	}

	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class MemoryStoreBound {

		AppInstance app;

		@BeforeAll
		void startReplica() {
			this.app = AppInstance.start("app-a", redis.server(), "app.session.store=memory",
					"app.session.max-active-sessions=3");
		}

		@AfterAll
		void stopReplica() {
			this.app.close();
		}

		@Test
		void aReplicaAtItsBoundRefusesNewSessionsWith503AndKeepsTheOnesItHolds() throws InterruptedException {
			List<HttpTestClient> holders = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				HttpTestClient browser = new HttpTestClient();
				browser.get(this.app.url("/api/whoami"));
				assertThat(browser.get(this.app.url("/api/whoami")).status()).isEqualTo(200);
				holders.add(browser);
			}
			HttpTestClient latecomer = new HttpTestClient();
			assertThat(latecomer.get(this.app.url("/api/whoami")).status()).isEqualTo(200);
			Response refused = latecomer.get(this.app.url("/api/whoami"));
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			// Not every second: a place frees up only as a session expires.
			assertThat(refused.header("Retry-After")).isEqualTo("30");
			assertThat(refused.json().get("detail").asString()).contains("maximum of 3 sessions");
			for (HttpTestClient holder : holders) {
				assertThat(holder.get(this.app.url("/api/whoami")).json().get("visits").asLong()).isEqualTo(3);
			}
			Thread.sleep(2100);
			Response usage = new HttpTestClient().get(this.app.url("/api/session-store"));
			assertThat(usage.json().get("sessions").asLong()).isEqualTo(3);
			assertThat(usage.json().get("maxSessions").asLong()).isEqualTo(3);
			assertThat(usage.json().get("memoryOf").asString()).isEqualTo("replica-heap");
		}

	}

}
