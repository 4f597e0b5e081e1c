package dev.scaleout.app.identity;

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

import static org.assertj.core.api.Assertions.assertThat;

class LoginTests {

	static final String ALICE = "{\"username\":\"alice\",\"password\":\"password\"}";

	@RegisterExtension
	static final RedisPerClass redis = new RedisPerClass();

	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class LoginContract {

		AppInstance a;

		AppInstance b;

		abstract String store();

		abstract String sessionCookie();

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
		void loginAnswersUserAndRolesAndChangesTheSessionId() {
			HttpTestClient client = new HttpTestClient();
			// Two visits: a session exists from the second (the first checks for
			// cookies).
			client.get(this.a.url("/api/whoami"));
			client.get(this.a.url("/api/whoami"));
			String before = client.cookie(sessionCookie());
			assertThat(before).isNotNull();

			Response login = client.post(this.b.url("/api/login"),
					"{\"username\":\"admin\",\"password\":\"password\"}");

			assertThat(login.status()).isEqualTo(200);
			assertThat(login.json().get("user").asString()).isEqualTo("admin");
			assertThat(login.json().get("roles").toString()).isEqualTo("[\"ADMIN\",\"USER\"]");
			assertThat(client.cookie(sessionCookie())).isNotNull().isNotEqualTo(before);
		}

		@Test
		void theSessionIdKnownBeforeLoginIsWorthlessAfterIt() {
			HttpTestClient victim = new HttpTestClient();
			victim.get(this.a.url("/api/whoami"));
			victim.get(this.a.url("/api/whoami"));
			String planted = victim.cookie(sessionCookie());
			assertThat(planted).isNotNull();
			victim.post(this.a.url("/api/login"), ALICE);

			HttpTestClient attacker = new HttpTestClient();
			attacker.setCookie(sessionCookie(), planted);
			Response whoami = attacker.get(this.b.url("/api/whoami"));
			assertThat(whoami.json().get("user").isNull()).isTrue();
			assertThat(attacker.get(this.b.url("/api/cart")).status()).isEqualTo(401);
		}

		@Test
		void logoutOnOneReplicaEndsTheSessionOnTheOther() {
			HttpTestClient client = new HttpTestClient();
			client.get(this.a.url("/api/whoami"));
			client.post(this.a.url("/api/login"), ALICE);
			String loggedIn = client.cookie(sessionCookie());
			assertThat(client.get(this.b.url("/api/cart")).status()).isEqualTo(200);

			assertThat(client.post(this.a.url("/api/logout"), null).status()).isEqualTo(204);

			assertThat(client.get(this.b.url("/api/cart")).status()).isEqualTo(401);
			HttpTestClient replay = new HttpTestClient();
			replay.setCookie(sessionCookie(), loggedIn);
			assertThat(replay.get(this.b.url("/api/cart")).status()).isEqualTo(401);
			assertThat(replay.get(this.b.url("/api/whoami")).json().get("user").isNull()).isTrue();
		}

		@Test
		void wrongPasswordIsUnauthorizedProblem() {
			HttpTestClient client = new HttpTestClient();
			client.get(this.a.url("/api/whoami"));
			Response login = client.post(this.a.url("/api/login"), "{\"username\":\"alice\",\"password\":\"nope\"}");
			assertThat(login.status()).isEqualTo(401);
			assertThat(login.header("Content-Type")).startsWith("application/problem+json");
			assertThat(login.json().get("detail").asString()).contains("wrong password");
		}

		@Test
		void stateChangingRequestWithoutCsrfHeaderIsForbidden() {
			HttpTestClient client = new HttpTestClient();
			client.get(this.a.url("/api/whoami"));
			client.post(this.a.url("/api/login"), ALICE);
			client.withoutCsrfHeader();

			Response put = client.put(this.b.url("/api/cart/items/KB-101"), "{\"quantity\":1}");

			assertThat(put.status()).isEqualTo(403);
			assertThat(put.header("Content-Type")).startsWith("application/problem+json");
			assertThat(put.json().get("detail").asString()).contains("X-XSRF-TOKEN");
			assertThat(client.withCsrfHeader().get(this.b.url("/api/cart")).json().get("items")).isEmpty();
		}

		@Test
		void loginWithoutCsrfTokenIsForbidden() {
			HttpTestClient client = new HttpTestClient();
			Response login = client.post(this.a.url("/api/login"), ALICE);
			assertThat(login.status()).isEqualTo(403);
		}

	}

	@Nested
	class RedisStore extends LoginContract {

		@Override
		String store() {
			return "redis";
		}

		@Override
		String sessionCookie() {
			return "SESSION";
		}

	}

	@Nested
	class JwtStore extends LoginContract {

		@Override
		String store() {
			return "jwt";
		}

		@Override
		String sessionCookie() {
			return "SESSION_TOKEN";
		}

	}

}
