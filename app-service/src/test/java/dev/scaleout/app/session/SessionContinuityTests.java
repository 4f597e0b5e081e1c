package dev.scaleout.app.session;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.app.support.RedisPerClass;
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
 * Two replicas, one Redis, requests alternating between them as a round-robin balancer
 * would send them: shared stores keep the session, the container's memory does not.
 */
class SessionContinuityTests {

	@RegisterExtension
	static final RedisPerClass redis = new RedisPerClass();

	/** What every shared store must do. */
	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class SharedStoreContract {

		AppInstance a;

		AppInstance b;

		abstract String store();

		@BeforeAll
		void startReplicas() {
			this.a = AppInstance.start("app-a", redis.server(), "app.session.store=" + store());
			this.b = AppInstance.start("app-b", redis.server(), "app.session.store=" + store());
		}

		@AfterAll
		void stopReplicas() {
			this.a.close();
			this.b.close();
		}

		@Test
		void visitsKeepCountingWhenRequestsHopReplicas() {
			HttpTestClient client = new HttpTestClient();
			for (int visit = 1; visit <= 6; visit++) {
				AppInstance replica = (visit % 2 == 1) ? this.a : this.b;
				Response whoami = client.get(replica.url("/api/whoami"));
				assertThat(whoami.status()).isEqualTo(200);
				assertThat(whoami.json().get("visits").asLong()).isEqualTo(visit);
				assertThat(whoami.json().get("instance").asString()).isEqualTo(replica.name());
				assertThat(whoami.json().get("sessionStore").asString()).isEqualTo(store());
				assertThat(whoami.header("X-Instance")).isEqualTo(replica.name());
			}
		}

		@Test
		void aRequestRepeatedOnTheOtherReplicaWithItsIdIsCountedOnce() {
			HttpTestClient client = new HttpTestClient();
			client.get(this.a.url("/api/whoami"));
			long visits = client.get(this.a.url("/api/whoami")).json().get("visits").asLong();
			// As the gateway repeats a GET that a dying replica took: same id, another
			// replica.
			assertThat(whoami(client, this.a, "req-1")).isEqualTo(visits + 1);
			assertThat(whoami(client, this.b, "req-1")).isEqualTo(visits + 1);
			assertThat(whoami(client, this.b, "req-2")).isEqualTo(visits + 2);
			assertThat(whoami(client, this.a, null)).isEqualTo(visits + 3);
		}

		private static long whoami(HttpTestClient client, AppInstance replica, String requestId) {
			String[] headers = (requestId != null) ? new String[] { "X-Request-Id", requestId } : new String[0];
			Response whoami = client.send("GET", replica.url("/api/whoami"), null, null, headers);
			assertThat(whoami.status()).as(whoami.body()).isEqualTo(200);
			return whoami.json().get("visits").asLong();
		}

		@Test
		void cartFilledOnOneReplicaIsSeenOnTheOther() {
			HttpTestClient client = new HttpTestClient();
			client.get(this.a.url("/api/whoami"));
			assertThat(client.post(this.b.url("/api/login"), "{\"username\":\"alice\",\"password\":\"password\"}")
				.status()).isEqualTo(200);
			assertThat(client.put(this.a.url("/api/cart/items/KB-101"), "{\"quantity\":2}").status()).isEqualTo(200);
			assertThat(client.put(this.b.url("/api/cart/items/MS-102"), "{\"quantity\":1}").status()).isEqualTo(200);

			Response cart = client.get(this.a.url("/api/cart"));
			assertThat(cart.status()).isEqualTo(200);
			assertThat(cart.json().get("items")).hasSize(2);
			assertThat(cart.json().get("items").get(0).get("sku").asString()).isEqualTo("KB-101");
			assertThat(cart.json().get("items").get(0).get("quantity").asInt()).isEqualTo(2);
			assertThat(client.get(this.b.url("/api/whoami")).json().get("user").asString()).isEqualTo("alice");
		}

	}

	@Nested
	class RedisStore extends SharedStoreContract {

		@Override
		String store() {
			return "redis";
		}

		@Test
		void sessionIsSpringSessionsCookieAndLivesInRedis() {
			HttpTestClient client = new HttpTestClient();
			// The second visit: the first one only checks that the client keeps cookies.
			client.get(this.a.url("/api/whoami"));
			client.get(this.a.url("/api/whoami"));
			assertThat(client.cookies()).containsKey("SESSION").doesNotContainKey("JSESSIONID");
			StringRedisTemplate template = this.a.context().getBean(StringRedisTemplate.class);
			assertThat(template.keys("scaleout:session:sessions:*")).isNotEmpty();
		}

	}

	@Nested
	class JwtStore extends SharedStoreContract {

		@Override
		String store() {
			return "jwt";
		}

		@Test
		void sessionTravelsInTheTokenAndNothingIsStoredServerSide() {
			StringRedisTemplate template = this.a.context().getBean(StringRedisTemplate.class);
			template.delete(template.keys("scaleout:session:*"));
			HttpTestClient client = new HttpTestClient();
			client.get(this.a.url("/api/whoami"));
			client.get(this.b.url("/api/whoami"));
			assertThat(client.cookies()).containsKey("SESSION_TOKEN")
				.doesNotContainKey("SESSION")
				.doesNotContainKey("JSESSIONID");
			assertThat(template.keys("scaleout:session:*")).isEmpty();
		}

	}

	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class MemoryStore {

		AppInstance a;

		AppInstance b;

		@BeforeAll
		void startReplicas() {
			this.a = AppInstance.start("app-a", redis.server(), "app.session.store=memory");
			this.b = AppInstance.start("app-b", redis.server(), "app.session.store=memory");
		}

		@AfterAll
		void stopReplicas() {
			this.a.close();
			this.b.close();
		}

		@Test
		void visitsResetWhenRequestsHopReplicas() {
			HttpTestClient client = new HttpTestClient();
			assertThat(client.get(this.a.url("/api/whoami")).json().get("visits").asLong()).isEqualTo(1);
			// The second visit creates the session (the first one checked for cookies).
			assertThat(client.get(this.a.url("/api/whoami")).json().get("visits").asLong()).isEqualTo(2);
			// The demonstration: replica b has never seen this session, so the count
			// starts over.
			assertThat(client.get(this.b.url("/api/whoami")).json().get("visits").asLong()).isEqualTo(1);
			assertThat(client.cookies()).containsKey("JSESSIONID").doesNotContainKey("SESSION");
		}

		@Test
		void loginOnOneReplicaIsUnknownOnTheOther() {
			HttpTestClient client = new HttpTestClient();
			client.get(this.a.url("/api/whoami"));
			assertThat(
					client.post(this.a.url("/api/login"), "{\"username\":\"bob\",\"password\":\"password\"}").status())
				.isEqualTo(200);
			assertThat(client.put(this.a.url("/api/cart/items/KB-101"), "{\"quantity\":1}").status()).isEqualTo(200);
			assertThat(client.get(this.b.url("/api/cart")).status()).isEqualTo(401);
		}

	}

}
