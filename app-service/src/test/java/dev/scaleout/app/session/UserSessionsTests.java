package dev.scaleout.app.session;

import java.util.ArrayList;
import java.util.List;

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
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user's sessions as a whole, on two replicas: listed (the asking one marked, no
 * session id shown), all others ended at once ("log out everywhere else") while the
 * asking one goes on, and at most {@code app.session.max-per-user} (3 here): a fourth
 * login ends the oldest. {@code memory} cannot, and says so.
 */
class UserSessionsTests {

	@RegisterExtension
	static final RedisPerClass redis = new RedisPerClass();

	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class Contract {

		AppInstance a;

		AppInstance b;

		abstract String store();

		abstract boolean knowsLastSeen();

		@BeforeAll
		void startReplicas() {
			this.a = AppInstance.start("app-a", redis.server(), "app.session.store=" + store(),
					"app.session.max-per-user=3", "app.identity.load-test-users=10");
			this.b = AppInstance.start("app-b", redis.server(), "app.session.store=" + store(),
					"app.session.max-per-user=3", "app.identity.load-test-users=10");
		}

		@AfterAll
		void stopReplicas() {
			this.a.close();
			this.b.close();
		}

		List<HttpTestClient> logins(String user, int count) {
			List<HttpTestClient> clients = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				clients.add(((i % 2 == 0) ? this.a : this.b).login(user));
			}
			return clients;
		}

		String userOf(HttpTestClient client, AppInstance replica) {
			JsonNode user = client.get(replica.url("/api/whoami")).json().get("user");
			return user.isNull() ? null : user.asString();
		}

		@Test
		void aUserSeesEachOfTheirSessionsOnceWithTheAskingOneMarked() {
			List<HttpTestClient> devices = logins("user1", 3);

			Response list = devices.get(1).get(this.b.url("/api/sessions"));

			assertThat(list.status()).isEqualTo(200);
			assertThat(list.json()).hasSize(3);
			List<Boolean> current = new ArrayList<>();
			for (JsonNode session : list.json()) {
				current.add(session.get("current").asBoolean());
				assertThat(session.get("loggedInAt").isNull()).isFalse();
				assertThat(session.get("lastSeenAt").isNull()).isEqualTo(!knowsLastSeen());
				for (HttpTestClient device : devices) {
					// The cookie check's "1" claims nothing, so it is no credential.
					device.cookies()
						.entrySet()
						.stream()
						.filter((cookie) -> !cookie.getKey().equals(CookieCheck.COOKIE))
						.forEach((cookie) -> assertThat(list.body()).as("no credential is listed")
							.doesNotContain(cookie.getValue()));
				}
			}
			assertThat(current).containsExactly(false, true, false);
		}

		@Test
		void loggingOutEverywhereElseEndsEveryOtherSessionAndKeepsThisOne() {
			List<HttpTestClient> devices = logins("user2", 3);
			HttpTestClient here = devices.get(2);
			assertThat(here.put(this.a.url("/api/cart/items/KB-101"), "{\"quantity\":1}").status()).isEqualTo(200);

			Response ended = here.delete(this.a.url("/api/sessions/others"));

			assertThat(ended.status()).isEqualTo(200);
			assertThat(ended.json().get("ended").asInt()).isEqualTo(2);
			for (HttpTestClient other : devices.subList(0, 2)) {
				assertThat(userOf(other, this.a)).isNull();
				assertThat(other.get(this.b.url("/api/cart")).status()).isEqualTo(401);
			}
			assertThat(userOf(here, this.b)).isEqualTo("user2");
			assertThat(here.get(this.b.url("/api/cart")).json().get("items")).hasSize(1);
			assertThat(here.get(this.a.url("/api/sessions")).json()).hasSize(1);
		}

		@Test
		void aLoginBeyondTheLimitEndsTheOldestSession() {
			List<HttpTestClient> devices = logins("user3", 4);

			assertThat(userOf(devices.get(0), this.b)).as("the oldest of four logins, limit 3").isNull();
			for (HttpTestClient device : devices.subList(1, 4)) {
				assertThat(userOf(device, this.a)).isEqualTo("user3");
			}
			assertThat(devices.get(3).get(this.b.url("/api/sessions")).json()).hasSize(3);
		}

		@Test
		void aLoggedOutSessionLeavesTheList() {
			List<HttpTestClient> devices = logins("user4", 2);
			assertThat(devices.get(0).post(this.a.url("/api/logout"), null).status()).isEqualTo(204);

			assertThat(devices.get(1).get(this.a.url("/api/sessions")).json()).hasSize(1);
		}

	}

	@Nested
	class RedisStore extends Contract {

		@Override
		String store() {
			return "redis";
		}

		@Override
		boolean knowsLastSeen() {
			return true;
		}

	}

	@Nested
	class JwtStore extends Contract {

		@Override
		String store() {
			return "jwt";
		}

		@Override
		boolean knowsLastSeen() {
			return false;
		}

	}

	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class MemoryStore {

		AppInstance memory;

		@BeforeAll
		void startReplica() {
			this.memory = AppInstance.start("app-memory", redis.server(), "app.session.store=memory");
		}

		@AfterAll
		void stopReplica() {
			this.memory.close();
		}

		@Test
		void sessionsInOneReplicasMemoryCannotBeListedAndSaySo() {
			HttpTestClient alice = this.memory.login("alice");
			Response list = alice.get(this.memory.url("/api/sessions"));
			assertThat(list.status()).isEqualTo(404);
			assertThat(list.header("Content-Type")).startsWith("application/problem+json");
			assertThat(list.json().get("detail").asString()).contains("redis and jwt");
		}

		@Test
		void aSessionLimitIsRefusedAtStartUp() {
			assertThatThrownBy(() -> AppInstance.start("app-limited", redis.server(), "app.session.store=memory",
					"app.session.max-per-user=2"))
				.hasStackTraceContaining("app.session.max-per-user needs a store that knows every session");
		}

	}

}
