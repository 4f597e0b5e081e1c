package dev.scaleout.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.scaleout.gateway.support.ExposedTopology;
import dev.scaleout.gateway.support.SecondAddress;
import dev.scaleout.gateway.support.Shopper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The defaults a deployment gets without configuring anything: login throttling that an
 * attacker cannot turn against the real user, security headers on every response, CORS
 * closed, and no actuator endpoint but health and metrics.
 */
@ExtendWith(ExposedTopology.class)
class SecurityDefaultsEndToEndTests {

	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	final HttpClient http = HttpClient.newHttpClient();

	@Nested
	class LoginThrottle {

		@Test
		void guessingOneUsersPasswordIsRefusedWithoutLockingTheRealUserOut() {
			String baseUrl = ExposedTopology.shared().baseUrl();
			Shopper attacker = Shopper.anonymous(baseUrl);
			for (int i = 0; i < ExposedTopology.LOGIN_MAX_FAILURES; i++) {
				assertThat(login(attacker, "user27", "guess" + i).statusCode()).isEqualTo(401);
			}
			HttpResponse<String> throttled = login(attacker, "user27", "guess-again");
			HostileInputEndToEndTests.assertProblem(throttled, 429, "Too many failed logins for this user");
			assertThat(throttled.headers().firstValueAsLong("Retry-After").orElseThrow()).isBetween(1L,
					ExposedTopology.LOGIN_WINDOW.toSeconds());
			// Even the right password, from the guessing address: no more guesses there.
			assertThat(login(attacker, "USER27", "password").statusCode()).isEqualTo(429);

			// The real user, from their own address, logs in at once.
			String fromElsewhere = SecondAddress.send(baseUrl, "POST", "/api/login",
					"Cookie: XSRF-TOKEN=t\r\nX-XSRF-TOKEN: t\r\nContent-Type: application/json\r\n",
					"{\"username\":\"user27\",\"password\":\"password\"}");
			assertThat(SecondAddress.status(fromElsewhere)).as(fromElsewhere).isEqualTo(200);

			// And the refusal ends with its window, even at the guessing address.
			await().atMost(ExposedTopology.LOGIN_WINDOW.plusSeconds(3))
				.pollInterval(Duration.ofMillis(300))
				.until(() -> login(attacker, "user27", "password").statusCode() == 200);
		}

		private static HttpResponse<String> login(Shopper client, String user, String password) {
			return client.send(client.request("/api/login")
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")));
		}

	}

	@Nested
	class Headers {

		@Test
		void apiResponsesThroughTheGatewayAreNeverCached() throws Exception {
			for (String path : List.of("/api/ping", "/api/products", "/api/cart", "/api/products/NOPE-1")) {
				HttpHeaders headers = get(ExposedTopology.shared().baseUrl() + path).headers();
				assertCommonHeaders(headers, path);
				assertThat(headers.allValues("Cache-Control")).as(path).containsExactly("no-store");
			}
		}

		@Test
		void theGatewaysOwnPagesHaveAStrictContentSecurityPolicy() throws Exception {
			for (String path : List.of("/", "/index.html", "/gateway/instances", "/nothing-here")) {
				HttpHeaders headers = get(ExposedTopology.shared().baseUrl() + path).headers();
				assertCommonHeaders(headers, path);
				assertThat(headers.allValues("Content-Security-Policy")).as(path).containsExactly(CSP);
			}
		}

		@Test
		void refusalsWrittenByTheGatewayCarryTheHeadersToo() throws Exception {
			HttpResponse<String> tooLarge = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(ExposedTopology.shared().uri("/api/cart/items/KB-101"))
					.header("Content-Type", "application/json")
					.PUT(BodyPublishers.ofByteArray(new byte[13 * 1024 * 1024]))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(tooLarge.statusCode()).isEqualTo(413);
			assertCommonHeaders(tooLarge.headers(), "413");
		}

		@Test
		void replicasSendTheHeadersThemselves() throws Exception {
			for (String replica : ExposedTopology.shared().replicaUrls()) {
				HttpHeaders headers = get(replica + "/api/ping").headers();
				assertCommonHeaders(headers, replica);
				assertThat(headers.firstValue("Cache-Control")).as(replica).hasValueSatisfying((value) -> {
					assertThat(value).contains("no-store");
				});
			}
		}

		private static void assertCommonHeaders(HttpHeaders headers, String what) {
			assertThat(headers.allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
			assertThat(headers.allValues("X-Frame-Options")).as(what).containsExactly("DENY");
			assertThat(headers.allValues("Referrer-Policy")).as(what).containsExactly("no-referrer");
		}

	}

	@Nested
	class Cors {

		@Test
		void aForeignOriginGetsNoPermissionFromTheGatewayOrAReplica() throws Exception {
			List<String> targets = new java.util.ArrayList<>(List.of(ExposedTopology.shared().baseUrl()));
			targets.addAll(ExposedTopology.shared().replicaUrls());
			for (String target : targets) {
				HttpResponse<String> preflight = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create(target + "/api/cart/items/KB-101"))
						.header("Origin", "https://evil.example")
						.header("Access-Control-Request-Method", "PUT")
						.header("Access-Control-Request-Headers", "content-type,x-xsrf-token")
						.method("OPTIONS", BodyPublishers.noBody())
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(preflight.headers().map().keySet()).as(target)
					.noneMatch((name) -> name.toLowerCase().startsWith("access-control-allow"));
				HttpResponse<String> simple = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create(target + "/api/whoami"))
						.header("Origin", "https://evil.example")
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(simple.headers().map().keySet()).as(target)
					.noneMatch((name) -> name.toLowerCase().startsWith("access-control-allow"));
			}
		}

	}

	@Nested
	class Actuator {

		@Test
		void onlyHealthAndPrometheusAreExposedOnReplicasAndTheGateway() throws Exception {
			List<String> targets = new java.util.ArrayList<>(List.of(ExposedTopology.shared().managementUrl()));
			targets.addAll(ExposedTopology.shared().replicaUrls());
			for (String target : targets) {
				assertThat(get(target + "/actuator/health").statusCode()).as(target).isEqualTo(200);
				assertThat(get(target + "/actuator/prometheus").statusCode()).as(target).isEqualTo(200);
				for (String endpoint : List.of("env", "beans", "configprops", "heapdump", "threaddump", "loggers",
						"mappings", "info", "shutdown", "gateway", "sessions")) {
					assertThat(get(target + "/actuator/" + endpoint).statusCode()).as(target + " " + endpoint)
						.isEqualTo(404);
				}
			}
		}

	}

	HttpResponse<String> get(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
