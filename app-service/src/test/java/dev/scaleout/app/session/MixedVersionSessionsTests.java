package dev.scaleout.app.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.app.support.RedisPerClass;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool of two app versions (v1 replicas and a v2 canary) shares every session. Both run
 * this build, so v2's new field is written here as v2 would write it: one more field in
 * the session's JSON (a preference, a list), or one more claim in its token. v1 reads
 * such a session, counts its visits, keeps its user and cart — and saves it without
 * taking v2's field away. A session stored with Java serialization (by an older build) is
 * no session, never a 500.
 */
class MixedVersionSessionsTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final RedisPerClass redis = new RedisPerClass();

	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class Pool {

		AppInstance v1;

		AppInstance v2;

		abstract String store();

		@BeforeAll
		void startPool() {
			this.v1 = AppInstance.start("app-1", redis.server(), "app.session.store=" + store(), "app.version=1");
			this.v2 = AppInstance.start("app-canary", redis.server(), "app.session.store=" + store(), "app.version=2");
		}

		@AfterAll
		void stopPool() {
			this.v1.close();
			this.v2.close();
		}

		StringRedisTemplate redis() {
			return this.v1.context().getBean(StringRedisTemplate.class);
		}

		/**
		 * Requests alternate between the versions: every visit counts, nothing is lost.
		 */
		void hopBothWays(HttpTestClient client, long visitsBefore) {
			for (int i = 1; i <= 4; i++) {
				AppInstance replica = (i % 2 == 1) ? this.v1 : this.v2;
				Response whoami = client.get(replica.url("/api/whoami"));
				assertThat(whoami.header("X-App-Version")).isEqualTo((i % 2 == 1) ? "1" : "2");
				assertThat(whoami.json().get("user").asString()).isEqualTo("alice");
				assertThat(whoami.json().get("visits").asLong()).isEqualTo(visitsBefore + i);
				assertThat(client.get(replica.url("/api/cart")).json().get("items").get(0).get("sku").asString())
					.isEqualTo("KB-101");
			}
		}

	}

	@Nested
	class RedisStore extends Pool {

		@Override
		String store() {
			return "redis";
		}

		@Test
		void aFieldV2AddedSurvivesV1ReadingAndSavingTheSession() {
			HttpTestClient alice = this.v2.login("alice");
			assertThat(alice.put(this.v2.url("/api/cart/items/KB-101"), "{\"quantity\":1}").status()).isEqualTo(200);
			long visits = alice.get(this.v1.url("/api/whoami")).json().get("visits").asLong();
			String key = "scaleout:session:sessions:"
					+ new String(Base64.getDecoder().decode(alice.cookie("SESSION")), StandardCharsets.UTF_8);
			ObjectNode session = (ObjectNode) stored(key);
			session.put("theme", "dark");
			session.set("recentlyViewed", JSON.valueToTree(List.of("KB-101", "MS-102")));
			redis().opsForHash()
				.put(key, "sessionAttr:scaleout.session", JSON.writeValueAsString(JSON.writeValueAsString(session)));

			hopBothWays(alice, visits);

			JsonNode after = stored(key);
			assertThat(after.get("theme").asString()).as("v2's field, after v1 saved the session").isEqualTo("dark");
			assertThat(after.get("recentlyViewed").toString()).isEqualTo("[\"KB-101\",\"MS-102\"]");
			assertThat(after.get("visits").asLong()).isEqualTo(visits + 4);
		}

		@Test
		void everyValueOfAStoredSessionIsJsonNotJavaSerialization() {
			HttpTestClient alice = this.v1.login("alice");
			alice.get(this.v2.url("/api/whoami"));
			String key = "scaleout:session:sessions:"
					+ new String(Base64.getDecoder().decode(alice.cookie("SESSION")), StandardCharsets.UTF_8);
			Map<Object, Object> values = redis().opsForHash().entries(key);
			assertThat(values).containsKeys("creationTime", "lastAccessedTime", "maxInactiveInterval",
					"sessionAttr:scaleout.session");
			values.forEach((field, value) -> assertThat(JSON.readTree((String) value)).as("%s", field).isNotNull());
			assertThat(stored(key).get("user").asString()).isEqualTo("alice");
		}

		@Test
		void aSessionStoredWithJavaSerializationIsNoSessionNotAnError() {
			String id = UUID.randomUUID().toString();
			JdkSerializationRedisSerializer jdk = new JdkSerializationRedisSerializer();
			Map<byte[], byte[]> values = new LinkedHashMap<>();
			long now = Instant.now().toEpochMilli();
			values.put(bytes("creationTime"), jdk.serialize(now));
			values.put(bytes("lastAccessedTime"), jdk.serialize(now));
			values.put(bytes("maxInactiveInterval"), jdk.serialize(1800));
			values.put(bytes("sessionAttr:scaleout.session"), jdk.serialize("{\"user\":\"alice\"}"));
			redis().execute((org.springframework.data.redis.core.RedisCallback<Void>) (connection) -> {
				connection.hashCommands().hMSet(bytes("scaleout:session:sessions:" + id), values);
				return null;
			});
			HttpTestClient old = new HttpTestClient();
			old.setCookie("SESSION", Base64.getEncoder().encodeToString(bytes(id)));

			Response whoami = old.get(this.v1.url("/api/whoami"));

			assertThat(whoami.status()).isEqualTo(200);
			assertThat(whoami.json().get("user").isNull()).isTrue();
			assertThat(whoami.json().get("visits").asLong()).isEqualTo(1);
		}

		private JsonNode stored(String key) {
			Object value = redis().opsForHash().get(key, "sessionAttr:scaleout.session");
			return JSON.readTree(JSON.readValue((String) value, String.class));
		}

	}

	@Nested
	class JwtStore extends Pool {

		@Override
		String store() {
			return "jwt";
		}

		@Test
		void aClaimV2AddedSurvivesV1ReissuingTheToken() {
			HttpTestClient alice = this.v1.login("alice");
			assertThat(alice.put(this.v1.url("/api/cart/items/KB-101"), "{\"quantity\":1}").status()).isEqualTo(200);
			long visits = alice.get(this.v2.url("/api/whoami")).json().get("visits").asLong();
			// What v2 issues: the same claims and one more.
			Map<String, Object> claims = new LinkedHashMap<>(
					JSON.readValue(payload(alice.cookie("SESSION_TOKEN")), Map.class));
			claims.remove("iat");
			claims.remove("exp");
			claims.put("theme", "dark");
			alice.setCookie("SESSION_TOKEN",
					Jwts.builder()
						.claims(claims)
						.expiration(Date.from(Instant.now().plusSeconds(600)))
						.signWith(Keys.hmacShaKeyFor(SessionStoreConfig.DEV_SECRET.getBytes(StandardCharsets.UTF_8)),
								Jwts.SIG.HS256)
						.compact());

			hopBothWays(alice, visits);

			JsonNode reissued = JSON.readTree(payload(alice.cookie("SESSION_TOKEN")));
			assertThat(reissued.get("theme").asString()).as("v2's claim, after v1 re-issued the token")
				.isEqualTo("dark");
			assertThat(reissued.get("visits").asLong()).isEqualTo(visits + 4);
		}

		private static String payload(String token) {
			return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		}

	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
