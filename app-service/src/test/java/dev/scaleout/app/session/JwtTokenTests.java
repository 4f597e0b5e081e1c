package dev.scaleout.app.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.SecretKey;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.testsupport.RedisServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every token that is not exactly what this service issued is no session at all: the
 * request proceeds as anonymous, never as someone else and never as a 5xx.
 */
class JwtTokenTests {

	static final SecretKey KEY = Keys.hmacShaKeyFor(SessionStoreConfig.DEV_SECRET.getBytes(StandardCharsets.UTF_8));

	static RedisServer redis;

	static AppInstance app;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		app = AppInstance.start("app-jwt", redis, "app.session.store=jwt");
	}

	@AfterAll
	static void stop() {
		app.close();
		redis.close();
	}

	@Test
	void genuineTokenIsAccepted() {
		HttpTestClient client = clientWithToken(adminToken(KEY, Instant.now().plusSeconds(600)));
		Response whoami = client.get(app.url("/api/whoami"));
		assertThat(whoami.json().get("user").asString()).isEqualTo("admin");
		assertThat(whoami.json().get("visits").asLong()).isEqualTo(42);
	}

	@Test
	void tamperedPayloadIsAnonymous() {
		String[] parts = adminToken(KEY, Instant.now().plusSeconds(600)).split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace("\"visits\":41", "\"visits\":9000");
		assertThat(payload).contains("\"visits\":9000");
		String forged = parts[0] + "." + base64(payload) + "." + parts[2];
		assertAnonymous(forged);
	}

	@Test
	void unsignedTokenIsAnonymous() {
		String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		String payload = base64("{\"jti\":\"" + UUID.randomUUID() + "\",\"sub\":\"admin\",\"roles\":[\"ADMIN\"],"
				+ "\"visits\":1,\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
		assertAnonymous(header + "." + payload + ".");
	}

	@Test
	void tokenSignedWithAnotherKeyIsAnonymous() {
		SecretKey foreign = Keys
			.hmacShaKeyFor("another-key-another-key-another-key-0000".getBytes(StandardCharsets.UTF_8));
		assertAnonymous(adminToken(foreign, Instant.now().plusSeconds(600)));
	}

	@Test
	void expiredTokenIsAnonymous() {
		assertAnonymous(adminToken(KEY, Instant.now().minusSeconds(5)));
	}

	@Test
	void oversizedTokenIsAnonymous() {
		String padding = "x".repeat(5000);
		String token = Jwts.builder()
			.id(UUID.randomUUID().toString())
			.subject("admin")
			.claim("roles", List.of("ADMIN"))
			.claim("padding", padding)
			.expiration(Date.from(Instant.now().plusSeconds(600)))
			.signWith(KEY, Jwts.SIG.HS256)
			.compact();
		assertAnonymous(token);
	}

	@Test
	void garbageIsAnonymous() {
		assertAnonymous("not-a-token");
		assertAnonymous("a.b.c");
		assertAnonymous("%%%.!!!.???");
	}

	private void assertAnonymous(String token) {
		HttpTestClient client = clientWithToken(token);
		Response cart = client.get(app.url("/api/cart"));
		assertThat(cart.status()).isEqualTo(401);
		Response whoami = client.get(app.url("/api/whoami"));
		assertThat(whoami.status()).isEqualTo(200);
		assertThat(whoami.json().get("user").isNull()).isTrue();
		assertThat(whoami.json().get("visits").asLong()).isEqualTo(1);
		assertThat(clientWithToken(token).get(app.url("/api/admin/anything")).status()).isEqualTo(401);
	}

	private static String adminToken(SecretKey key, Instant expiry) {
		return Jwts.builder()
			.id(UUID.randomUUID().toString())
			.subject("admin")
			.claim("roles", List.of("ADMIN", "USER"))
			.claim("visits", 41)
			.claim("cart", Map.of())
			.issuedAt(Date.from(expiry.minusSeconds(1800)))
			.expiration(Date.from(expiry))
			.signWith(key, Jwts.SIG.HS256)
			.compact();
	}

	private static HttpTestClient clientWithToken(String token) {
		HttpTestClient client = new HttpTestClient();
		client.setCookie(JwtSessionStore.COOKIE, token);
		return client;
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
