package dev.scaleout.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.scaleout.gateway.support.ExposedTopology;
import dev.scaleout.gateway.support.SecondAddress;
import dev.scaleout.gateway.support.Shopper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile and malformed requests sent through the real gateway to real replicas: each is
 * answered with the 4xx problem detail that says what is wrong, nothing is stored or
 * changed, and every replica is still healthy afterwards.
 */
@ExtendWith(ExposedTopology.class)
@TestInstance(Lifecycle.PER_CLASS)
class HostileInputEndToEndTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** The dev profile's signing key: public, so exactly what an attacker would try. */
	static final byte[] DEV_JWT_KEY = "dev-only-insecure-jwt-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	ExposedTopology topology;

	String stockBefore;

	@BeforeAll
	void recordStock() {
		this.topology = ExposedTopology.shared();
		this.stockBefore = stock();
	}

	@AfterAll
	void nothingChangedAndEveryReplicaStaysHealthy() {
		assertThat(stock()).as("stock of every product").isEqualTo(this.stockBefore);
		// Healthy for longer than the gateway needs to notice a sick replica (3 checks,
		// 1 s apart), and by each replica's own probe.
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.topology.everyReplicaHealthy());
		assertThat(this.topology.deadProcesses()).isEmpty();
	}

	@Nested
	class MalformedJson {

		@Test
		void truncatedMalformedAndMistypedBodiesAre400AndLeaveTheCartAlone() {
			Shopper shopper = shopperWithCart("user11");
			String cart = shopper.get("/api/cart").body();
			for (String body : List.of("{\"quantity\":", "{\"quantity\":3", "not json", "", "[]", "null",
					"{\"quantity\":3} trailing", "{\"quantity\":\"3\"}", "{\"quantity\":3.5}", "{\"quantity\":1e3}",
					"{\"quantity\":true}", "{\"quantity\":[3]}", "{\"quantity\":{\"n\":3}}",
					"{\"quantity\":99999999999999999999}", "[".repeat(5000), "\u0000\u0001\u0002")) {
				assertProblem(shopper.putJson("/api/cart/items/KB-101", body), 400, "not valid JSON");
			}
			assertThat(shopper.get("/api/cart").body()).isEqualTo(cart);
		}

		@Test
		void numbersOutOfRangeAre400WithTheRule() {
			Shopper shopper = shopperWithCart("user12");
			String cart = shopper.get("/api/cart").body();
			assertProblem(shopper.putJson("/api/cart/items/KB-101", "{\"quantity\":0}"), 400,
					"quantity must be greater than or equal to 1");
			assertProblem(shopper.putJson("/api/cart/items/KB-101", "{\"quantity\":-1}"), 400,
					"quantity must be greater than or equal to 1");
			assertProblem(shopper.putJson("/api/cart/items/KB-101", "{\"quantity\":100}"), 400,
					"quantity must be less than or equal to 99");
			assertProblem(shopper.putJson("/api/cart/items/KB-101", "{}"), 400, "quantity must not be null");
			assertProblem(shopper.putJson("/api/cart/items/KB-101", "{\"quantity\":2147483648}"), 400,
					"not valid JSON");
			assertThat(shopper.get("/api/cart").body()).isEqualTo(cart);
		}

		@Test
		void malformedLoginIs400AndLogsNobodyIn() {
			Shopper shopper = Shopper.anonymous(ExposedTopology.shared().baseUrl());
			for (String body : List.of("{\"username\":", "{\"username\":\"alice\"}", "{\"username\":[\"alice\"]}",
					"{\"username\":\"alice\",\"password\":null}")) {
				HttpResponse<String> login = shopper.send(shopper.request("/api/login")
					.header("Content-Type", "application/json")
					.POST(BodyPublishers.ofString(body)));
				assertThat(login.statusCode()).as(body).isEqualTo(400);
				assertProblem(login, 400, "");
			}
			assertThat(shopper.get("/api/cart").statusCode()).isEqualTo(401);
		}

	}

	@Nested
	class ContentTypes {

		@Test
		void wrongOrMissingContentTypeIs415NamingTheTypeToSend() {
			Shopper shopper = shopperWithCart("user13");
			String cart = shopper.get("/api/cart").body();
			for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
					"multipart/form-data; boundary=x")) {
				HttpResponse<String> response = shopper.send(shopper.request("/api/cart/items/KB-101")
					.header("Content-Type", type)
					.PUT(BodyPublishers.ofString("{\"quantity\":3}")));
				assertProblem(response, 415, "Send the body as application/json");
			}
			HttpResponse<String> none = shopper
				.send(shopper.request("/api/cart/items/KB-101").PUT(BodyPublishers.ofString("{\"quantity\":3}")));
			assertProblem(none, 415, "none was given");
			HttpResponse<String> unparsable = shopper.send(shopper.request("/api/cart/items/KB-101")
				.header("Content-Type", "application/json; charset=no-such-charset")
				.PUT(BodyPublishers.ofString("{\"quantity\":3}")));
			assertProblem(unparsable, 415, "not application/json; charset=no-such-charset");
			// Found by FuzzEndToEndTests: a wildcard was a 500.
			for (String wildcard : List.of("*/*", "application/*")) {
				HttpResponse<String> response = shopper.send(shopper.request("/api/cart/items/KB-101")
					.header("Content-Type", wildcard)
					.PUT(BodyPublishers.ofString("{\"quantity\":3}")));
				assertProblem(response, 415, "is a wildcard");
			}
			assertThat(shopper.get("/api/cart").body()).isEqualTo(cart);
		}

	}

	@Nested
	class Sizes {

		@Test
		void aBodyOverTheGatewayLimitIs413AtTheEdge() {
			Shopper shopper = shopperWithCart("user14");
			String cart = shopper.get("/api/cart").body();
			HttpResponse<String> response = shopper.send(shopper.request("/api/cart/items/KB-101")
				.header("Content-Type", "application/json")
				.PUT(BodyPublishers.ofByteArray(new byte[13 * 1024 * 1024])));
			assertProblem(response, 413, "more than the limit of 12582912 bytes");
			assertThat(shopper.get("/api/cart").body()).isEqualTo(cart);
		}

		@Test
		void aLargeJsonBodyIs413WhetherOrNotItDeclaresItsLength() {
			Shopper shopper = shopperWithCart("user15");
			String cart = shopper.get("/api/cart").body();
			String large = "{\"quantity\":3,\"padding\":\"" + "x".repeat(8 * 1024 * 1024) + "\"}";
			HttpResponse<String> declared = shopper.putJson("/api/cart/items/KB-101", large);
			assertProblem(declared, 413, "larger than 65536 bytes");
			// Chunked: no Content-Length for the gateway to check; the replica must still
			// refuse it without reading it into memory.
			HttpResponse<String> chunked = shopper.send(shopper.request("/api/cart/items/KB-101")
				.header("Content-Type", "application/json")
				.PUT(BodyPublishers
					.ofInputStream(() -> new ByteArrayInputStream(large.getBytes(StandardCharsets.UTF_8)))));
			assertProblem(chunked, 413, "larger than 65536 bytes");
			assertThat(shopper.get("/api/cart").body()).isEqualTo(cart);
		}

		@Test
		void oversizedHeadersAre431() throws Exception {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(ExposedTopology.shared().uri("/api/ping"))
					.header("X-Padding", "x".repeat(20 * 1024))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertProblem(response, 431, "headers are larger than the limit");
			Shopper shopper = Shopper.anonymous(ExposedTopology.shared().baseUrl());
			HttpResponse<String> cookie = shopper
				.send(shopper.request("/api/whoami").header("Cookie", "SESSION=" + "A".repeat(20 * 1024)));
			assertProblem(cookie, 431, "headers are larger than the limit");
		}

		@Test
		void invalidUrisAndOverlongRequestLinesAreProblemsToo() {
			String baseUrl = ExposedTopology.shared().baseUrl();
			// Raw, since java.net.http will not send what is not a URI.
			for (String path : List.of("/api/products/%ZZ", "/api/products/a\\b", "/api/%")) {
				String response = SecondAddress.send(baseUrl, "GET", path, "", "");
				assertThat(SecondAddress.status(response)).as(path).isEqualTo(400);
				assertThat(response).as(path)
					.containsIgnoringCase("Content-Type: application/problem+json")
					.contains("The request URI is not valid");
			}
			String longLine = SecondAddress.send(baseUrl, "GET", "/api/products/" + "A".repeat(10_000), "", "");
			assertThat(SecondAddress.status(longLine)).isEqualTo(414);
			assertThat(longLine).containsIgnoringCase("Content-Type: application/problem+json");
		}

	}

	@Nested
	class Skus {

		@Test
		void unknownSkusAre404() {
			Shopper shopper = shopperWithCart("user16");
			String cart = shopper.get("/api/cart").body();
			assertProblem(shopper.get("/api/products/NOPE-404"), 404, "No product with SKU 'NOPE-404'");
			assertProblem(shopper.putJson("/api/cart/items/NOPE-404", "{\"quantity\":1}"), 404,
					"No product with SKU 'NOPE-404'");
			assertProblem(shopper.send(shopper.request("/api/cart/items/NOPE-404").DELETE()), 404, "No product");
			assertThat(shopper.get("/api/cart").body()).isEqualTo(cart);
		}

		@Test
		void pathLikeAndMalformedSkusAre400() {
			Shopper shopper = shopperWithCart("user17");
			String cart = shopper.get("/api/cart").body();
			for (String sku : List.of("kb-101", "A".repeat(33), "KB-101%00", "%2e%2e", "..%2F..%2Factuator%2Fenv",
					"KB-101;jsessionid=1", "%C0%AE%C0%AE", "KB%20101", "%3Cscript%3E")) {
				assertThat(shopper.get("/api/products/" + sku).statusCode()).as(sku).isEqualTo(400);
				HttpResponse<String> put = shopper.putJson("/api/cart/items/" + sku, "{\"quantity\":1}");
				assertProblem(put, 400, "");
			}
			assertThat(shopper.get("/api/cart").body()).isEqualTo(cart);
		}

	}

	@Nested
	class Csrf {

		@Test
		void missingOrForgedCsrfTokenIs403AndChangesNothing() {
			Shopper shopper = shopperWithCart("user18");
			String cart = shopper.get("/api/cart").body();
			HttpResponse<String> missing = shopper.send(shopper.withoutCsrf("/api/cart/items/KB-101")
				.header("Content-Type", "application/json")
				.PUT(BodyPublishers.ofString("{\"quantity\":7}")));
			assertProblem(missing, 403, "CSRF token");
			HttpResponse<String> forged = shopper.send(shopper.withoutCsrf("/api/cart/items/KB-101")
				.header("Content-Type", "application/json")
				.header("X-XSRF-TOKEN", UUID.randomUUID().toString())
				.PUT(BodyPublishers.ofString("{\"quantity\":7}")));
			assertProblem(forged, 403, "CSRF token");
			HttpResponse<String> checkout = shopper.send(shopper.withoutCsrf("/api/orders")
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.POST(BodyPublishers.noBody()));
			assertProblem(checkout, 403, "CSRF token");
			HttpResponse<String> logout = shopper
				.send(shopper.withoutCsrf("/api/logout").POST(BodyPublishers.noBody()));
			assertProblem(logout, 403, "CSRF token");
			assertThat(shopper.get("/api/cart").body()).isEqualTo(cart);
			assertThat(shopper.get("/api/orders").body()).isEqualTo("[]");
		}

	}

	@Nested
	class IdempotencyKeys {

		@Test
		void missingMalformedOrOversizedKeysAre400AndSellNothing() {
			Shopper shopper = shopperWithCart("user19");
			for (String key : List.of("not-a-uuid", "x".repeat(4000), UUID.randomUUID() + "'; DROP",
					"../../" + UUID.randomUUID(), "*", "00000000-0000-0000-0000-00000000000g")) {
				HttpResponse<String> response = shopper
					.send(shopper.request("/api/orders").header("Idempotency-Key", key).POST(BodyPublishers.noBody()));
				assertProblem(response, 400, "Idempotency-Key must be a UUID");
			}
			HttpResponse<String> missing = shopper.send(shopper.request("/api/orders").POST(BodyPublishers.noBody()));
			assertProblem(missing, 400, "Idempotency-Key is required");
			assertThat(shopper.get("/api/orders").body()).isEqualTo("[]");
			assertThat(shopper.get("/api/cart").body()).contains("\"sku\":\"KB-101\"");
		}

	}

	@Nested
	class ForgedSessions {

		@Test
		void controlATokenSignedWithTheDevKeyIsAccepted() throws Exception {
			// Proves the forging below is right, so each refusal means the check works.
			assertThat(whoamiOnJwtReplica(signed(adminClaims(Instant.now().plusSeconds(600)), DEV_JWT_KEY)))
				.isEqualTo("admin");
		}

		@Test
		void unsignedForeignKeyExpiredAndTamperedTokensAreAnonymous() throws Exception {
			String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
			String unsigned = header + "." + base64(adminClaims(Instant.now().plusSeconds(600))) + ".";
			String foreignKey = signed(adminClaims(Instant.now().plusSeconds(600)),
					"another-key-another-key-another-key-000".getBytes(StandardCharsets.UTF_8));
			String expired = signed(adminClaims(Instant.now().minusSeconds(5)), DEV_JWT_KEY);
			Shopper user = Shopper.loggedInOnCanary(ExposedTopology.shared().baseUrl(), "user20");
			String genuine = user.cookie("SESSION_TOKEN").orElseThrow();
			String[] parts = genuine.split("\\.");
			String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			String tampered = parts[0] + "." + base64(payload.replace("\"sub\":\"user20\"", "\"sub\":\"admin\"")
				.replace("\"roles\":[\"USER\"]", "\"roles\":[\"ADMIN\",\"USER\"]")) + "." + parts[2];
			assertThat(payload).contains("\"sub\":\"user20\"", "\"roles\":[\"USER\"]");
			for (String token : List.of(unsigned, foreignKey, expired, tampered, "a.b.c", "not-a-token")) {
				assertAnonymousOnJwtReplica(token);
			}
		}

		@Test
		void forgedRedisSessionIdsAreAnonymous() {
			for (String id : List.of(UUID.randomUUID().toString(), "Zm9yZ2Vk", "../../etc/passwd", "*")) {
				Shopper forger = Shopper.anonymous(ExposedTopology.shared().baseUrl());
				forger.setCookie("SESSION", id);
				assertProblem(forger.get("/api/cart"), 401, "Log in first");
			}
		}

		@Test
		void cookiesOfLoggedOutSessionsAreWorthlessInEitherStore() {
			String baseUrl = ExposedTopology.shared().baseUrl();
			Shopper redisUser = Shopper.loggedIn(baseUrl, "user21");
			String session = redisUser.cookie("SESSION").orElseThrow();
			assertThat(redisUser.send(redisUser.request("/api/logout").POST(BodyPublishers.noBody())).statusCode())
				.isEqualTo(204);
			Shopper replay = Shopper.anonymous(baseUrl);
			replay.setCookie("SESSION", session);
			assertProblem(replay.get("/api/cart"), 401, "Log in first");

			Shopper jwtUser = Shopper.loggedInOnCanary(baseUrl, "user22");
			String token = jwtUser.cookie("SESSION_TOKEN").orElseThrow();
			assertThat(jwtUser.get("/api/cart").statusCode()).isEqualTo(200);
			assertThat(jwtUser.send(jwtUser.request("/api/logout").POST(BodyPublishers.noBody())).statusCode())
				.isEqualTo(204);
			assertAnonymousOnJwtReplica(token);
		}

		private void assertAnonymousOnJwtReplica(String token) {
			Shopper forger = Shopper.anonymous(ExposedTopology.shared().baseUrl());
			forger.setCookie("canary", "always");
			forger.setCookie("SESSION_TOKEN", token);
			HttpResponse<String> cart = forger.get("/api/cart");
			assertProblem(cart, 401, "Log in first");
			assertThat(cart.headers().firstValue("X-Instance")).as(token).hasValue("app-jwt");
			assertProblem(forger.putJson("/api/admin/products/KB-101/stock", "{\"stock\":0}"), 401, "Log in first");
		}

		private String whoamiOnJwtReplica(String token) {
			Shopper client = Shopper.anonymous(ExposedTopology.shared().baseUrl());
			client.setCookie("canary", "always");
			client.setCookie("SESSION_TOKEN", token);
			return JSON.readTree(client.get("/api/whoami").body()).path("user").asString();
		}

		private static String adminClaims(Instant expiry) {
			return "{\"jti\":\"" + UUID.randomUUID() + "\",\"sub\":\"admin\",\"roles\":[\"ADMIN\",\"USER\"],"
					+ "\"visits\":1,\"cart\":{},\"exp\":" + expiry.getEpochSecond() + "}";
		}

		private static String signed(String claims, byte[] key) throws GeneralSecurityException {
			String unsigned = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64(claims);
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] signature = mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII));
			return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}

		private static String base64(String json) {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
		}

	}

	@Nested
	class Uploads {

		static final byte[] PDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
			.getBytes(StandardCharsets.US_ASCII);

		@Test
		void uploadTrapsAreRefusedAndStoreNothing() {
			Shopper shopper = Shopper.loggedIn(ExposedTopology.shared().baseUrl(), "user23");
			String files = shopper.get("/api/files").body();
			assertProblem(upload(shopper, "file", "empty.txt", "text/plain", new byte[0], true), 400, "");
			assertProblem(upload(shopper, "file", "report.png", "image/png", PDF, true), 415, "");
			byte[] elf = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
			assertProblem(upload(shopper, "file", "photo.png", "image/png", elf, true), 415, "");
			assertProblem(upload(shopper, "other", "note.txt", "text/plain", "hello".getBytes(), true), 400, "");
			assertProblem(upload(shopper, "file", "note.txt", "text/plain", "hello".getBytes(), false), 400,
					"multipart body is malformed");
			byte[] tooLarge = "a".repeat(ExposedTopology.MAX_UPLOAD_BYTES + 1).getBytes(StandardCharsets.US_ASCII);
			assertProblem(upload(shopper, "file", "big.txt", "text/plain", tooLarge, true), 413, "larger than");
			assertThat(shopper.get("/api/files").body()).isEqualTo(files);
		}

		@Test
		void anUploadThatHidesItsSizeIsRefusedWhenItPassesTheLimit() {
			Shopper shopper = Shopper.loggedIn(ExposedTopology.shared().baseUrl(), "user24");
			String files = shopper.get("/api/files").body();
			byte[] body = multipart("file", "big.txt", "text/plain",
					"a".repeat(ExposedTopology.MAX_UPLOAD_BYTES * 2).getBytes(StandardCharsets.US_ASCII), true);
			// Chunked: no Content-Length announces the size.
			HttpResponse<String> response = shopper.send(shopper.request("/api/files")
				.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
				.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
			assertProblem(response, 413, "");
			assertThat(shopper.get("/api/files").body()).isEqualTo(files);
		}

		@Test
		void traversalNamesAreStoredUnderASafeName() {
			Shopper shopper = Shopper.loggedIn(ExposedTopology.shared().baseUrl(), "user25");
			for (String name : List.of("../../../etc/passwd.txt", "..\\..\\windows\\win.ini", "/etc/shadow",
					"%2e%2e%2fsecret.txt")) {
				HttpResponse<String> response = upload(shopper, "file", name, "text/plain", "hello".getBytes(), true);
				assertThat(response.statusCode()).as(name).isEqualTo(201);
				JsonNode file = JSON.readTree(response.body());
				assertThat(file.path("name").asString()).as(name).doesNotContain("/", "\\", "..");
				assertThat(
						shopper.send(shopper.request("/api/files/" + file.path("id").asString()).DELETE()).statusCode())
					.isEqualTo(204);
			}
			assertThat(shopper.get("/api/files").body()).isEqualTo("[]");
		}

		static final String BOUNDARY = "scaleout-hostile-boundary";

		private static HttpResponse<String> upload(Shopper shopper, String part, String filename, String type,
				byte[] content, boolean closed) {
			return shopper.send(shopper.request("/api/files")
				.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
				.POST(BodyPublishers.ofByteArray(multipart(part, filename, type, content, closed))));
		}

		/**
		 * @param closed false to leave out the closing boundary: a cut-off body
		 */
		private static byte[] multipart(String part, String filename, String type, byte[] content, boolean closed) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
					+ filename + "\"\r\nContent-Type: " + type + "\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.writeBytes(content);
			if (closed) {
				body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
			}
			return body.toByteArray();
		}

	}

	@Nested
	class RoleEscalation {

		@Test
		void aUserCannotGrantThemselvesAdminOrSetStock() {
			Shopper shopper = Shopper.anonymous(ExposedTopology.shared().baseUrl());
			HttpResponse<String> login = shopper.send(shopper.request("/api/login")
				.header("Content-Type", "application/json")
				.POST(BodyPublishers
					.ofString("{\"username\":\"user26\",\"password\":\"password\",\"roles\":[\"ADMIN\"],"
							+ "\"authorities\":[\"ROLE_ADMIN\"]}")));
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(JSON.readTree(login.body()).path("roles").toString()).isEqualTo("[\"USER\"]");
			assertProblem(shopper.putJson("/api/admin/products/KB-101/stock", "{\"stock\":0}"), 403,
					"role this operation needs");
			assertProblem(shopper.send(shopper.request("/api/admin/products/KB-101/stock")
				.header("Content-Type", "application/json")
				.header("X-Roles", "ADMIN")
				.header("X-Forwarded-User", "admin")
				.method("PUT", BodyPublishers.ofString("{\"stock\":0}"))), 403, "role this operation needs");
			// Another user's name in the path or body changes nothing either.
			assertProblem(shopper.putJson("/api/admin/products/KB-101/stock?user=admin", "{\"stock\":0}"), 403, "role");
		}

	}

	@Nested
	class ActuatorPaths {

		@Test
		void noPathReachesAReplicasActuator() throws Exception {
			HttpClient http = HttpClient.newHttpClient();
			for (String path : List.of("/actuator/env", "/actuator/health", "//actuator/env", "/api/../actuator/env",
					"/api/%2e%2e/actuator/env", "/api/..;/actuator/env", "/api/%2e%2e%2factuator%2fenv",
					"/api/products/..%2F..%2F..%2Factuator%2Fenv", "/api/actuator/env", "/api/./../actuator/health",
					"/%61ctuator/env", "/api/%252e%252e/actuator/env")) {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(path).isBetween(400, 404);
				assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
				assertThat(response.body()).as(path).doesNotContain("propertySources", "\"UP\"", "activeProfiles");
			}
		}

		private java.net.URI uri(String path) {
			// As typed: no normalisation of dot segments or escapes by the client.
			return java.net.URI.create(ExposedTopology.shared().baseUrl() + path);
		}

	}

	/** A logged-in user with one keyboard in the cart. */
	static Shopper shopperWithCart(String user) {
		Shopper shopper = Shopper.loggedIn(ExposedTopology.shared().baseUrl(), user);
		HttpResponse<String> put = shopper.putJson("/api/cart/items/KB-101", "{\"quantity\":1}");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		return shopper;
	}

	static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode())
			.as(response.request().method() + " " + response.request().uri() + ": " + response.body())
			.isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("detail").asString()).isNotBlank().contains(detail);
	}

	String stock() {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(this.topology.uri("/api/products")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
