package dev.scaleout.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import dev.scaleout.gateway.support.ExposedTopology;
import dev.scaleout.gateway.support.Shopper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Valid requests, mutated at random (fixed seed, so a failure can be replayed), sent
 * through the gateway: no answer is a 5xx, none hangs, and every replica is healthy
 * afterwards. Bounded by a request count and a wall-clock budget, whichever comes first.
 * Replay with {@code -Dfuzz.seed=<seed>}; more with {@code -Dfuzz.requests=...}.
 */
@ExtendWith(ExposedTopology.class)
class FuzzEndToEndTests {

	static final long SEED = Long.getLong("fuzz.seed", 20261125L);

	static final int MAX_REQUESTS = Integer.getInteger("fuzz.requests", 400);

	static final Duration MAX_TIME = Duration.ofSeconds(30);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	static final List<String> SKUS = List.of("KB-101", "MS-102", "SD-110", "PB-120");

	final Random random = new Random(SEED);

	@Test
	void mutatedRequestsNeverGet5xxNorHangAndLeaveEveryReplicaHealthy() {
		ExposedTopology topology = ExposedTopology.shared();
		// Cookies are headers here, so that mutations can reach them.
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		Shopper shopper = null;
		List<String> failures = new ArrayList<>();
		Map<Integer, Integer> statuses = new TreeMap<>();
		long deadline = System.nanoTime() + MAX_TIME.toNanos();
		int sent = 0;
		int logins = 0;
		System.out.println("Fuzzing with seed " + SEED + " (-Dfuzz.seed=" + SEED + " replays this run)");
		while (sent < MAX_REQUESTS && System.nanoTime() < deadline) {
			if (sent / 50 >= logins) {
				// Logged in again now and then, as another user each time: mutated logins
				// and
				// logouts end sessions, and mutated passwords may have throttled the last
				// one.
				shopper = Shopper.loggedIn(topology.baseUrl(), "user" + (31 + logins++));
			}
			Request request = mutate(
					valid(shopper.cookie("SESSION").orElseThrow(), shopper.cookie("XSRF-TOKEN").orElseThrow()));
			sent++;
			try {
				HttpResponse<String> response = http.send(request.build(topology.baseUrl()),
						HttpResponse.BodyHandlers.ofString());
				statuses.merge(response.statusCode(), 1, Integer::sum);
				if (response.statusCode() >= 500) {
					failures.add(response.statusCode() + " for " + request + " -> " + abbreviate(response.body()));
				}
			}
			catch (IllegalArgumentException ex) {
				// A mutation java.net.http refuses to send (an illegal URI or header):
				// not a
				// request.
				sent--;
			}
			catch (IOException ex) {
				// A closed connection is a fair answer to garbage (431, 400 from the
				// codec);
				// a timeout is a hang.
				if (ex instanceof java.net.http.HttpTimeoutException) {
					failures.add("no answer within " + REQUEST_TIMEOUT + " for " + request);
				}
				statuses.merge(-1, 1, Integer::sum);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		System.out.println(
				"Fuzz seed " + SEED + ": " + sent + " requests, statuses " + statuses + " (-1: connection closed)");
		failures.forEach((failure) -> System.out.println("FUZZ FAILURE (seed " + SEED + "): " + failure));
		assertThat(failures).as("seed " + SEED).isEmpty();
		assertThat(sent).as("requests sent").isGreaterThanOrEqualTo(Math.min(MAX_REQUESTS, 100));
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(10))
			.until(() -> topology.everyReplicaHealthy());
		assertThat(topology.deadProcesses()).isEmpty();
	}

	/** One of the API's valid requests, as the logged-in shopper sends it. */
	Request valid(String session, String xsrf) {
		Request request = new Request();
		request.headers.put("Cookie", "SESSION=" + session + "; XSRF-TOKEN=" + xsrf);
		request.headers.put("X-XSRF-TOKEN", xsrf);
		String sku = pick(SKUS);
		switch (this.random.nextInt(9)) {
			case 0 ->
				request.json("PUT", "/api/cart/items/" + sku, "{\"quantity\":" + (1 + this.random.nextInt(5)) + "}");
			case 1 -> request.set("DELETE", "/api/cart/items/" + sku, new byte[0]);
			case 2 -> request.json("POST", "/api/login", "{\"username\":\"user40\",\"password\":\"password\"}");
			case 3 -> {
				request.set("POST", "/api/orders", new byte[0]);
				request.headers.put("Idempotency-Key", UUID.randomUUID().toString());
			}
			case 4 -> request.set("GET", pick(List.of("/api/cart", "/api/whoami", "/api/orders", "/api/files",
					"/api/products", "/api/products/" + sku)), new byte[0]);
			case 5 -> request.json("PUT", "/api/admin/products/" + sku + "/stock", "{\"stock\":50}");
			case 6 -> {
				String boundary = "fuzz" + this.random.nextInt(1000);
				request.set("POST", "/api/files",
						("--" + boundary
								+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
								+ "Content-Type: text/plain\r\n\r\nhello fuzz\r\n--" + boundary + "--\r\n")
							.getBytes(StandardCharsets.UTF_8));
				request.headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
			}
			case 7 -> request.set("POST", "/api/logout", new byte[0]);
			default -> request.set("GET", "/api/ping", new byte[0]);
		}
		return request;
	}

	/** One to three mutations of method, path, headers or body. */
	Request mutate(Request request) {
		int mutations = 1 + this.random.nextInt(3);
		for (int i = 0; i < mutations; i++) {
			switch (this.random.nextInt(12)) {
				case 0 -> request.body = flipBytes(request.body);
				case 1 -> request.body = truncate(request.body);
				case 2 -> request.body = concat(request.body, randomBytes(1 + this.random.nextInt(64)));
				case 3 -> request.body = jsonWithOddValue();
				case 4 -> request.method = pick(
						List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FUZZ"));
				case 5 -> request.path = mutatePath(request.path);
				case 6 -> request.headers.put("Content-Type",
						pick(List.of("text/plain", "application/json;charset=x", "multipart/form-data",
								"multipart/form-data; boundary=", "application/xml", "*/*", "a/b/c",
								"application/json; boundary=\"", "")));
				case 7 -> request.headers.remove(pick(List.of("X-XSRF-TOKEN", "Cookie", "Content-Type")));
				case 8 -> request.headers.put("Idempotency-Key", pick(List.of("", "x".repeat(2000), "null",
						UUID.randomUUID() + "x", "../../etc", "00000000-0000-0000-0000-000000000000")));
				case 9 -> request.headers.put("Cookie",
						pick(List.of("SESSION=" + "A".repeat(300), "SESSION_TOKEN=a.b.c", "SESSION=%00",
								"canary=always; SESSION_TOKEN=" + "x".repeat(5000), "XSRF-TOKEN=; SESSION=")));
				case 10 -> request.headers.put(pick(List.of("X-Forwarded-For", "Forwarded", "X-Forwarded-Host",
						"Accept", "Accept-Encoding", "Range", "If-None-Match", "X-Padding")), printable(200));
				default -> request.body = new byte[this.random.nextInt(3) * 70_000];
			}
		}
		return request;
	}

	private String mutatePath(String path) {
		String addition = pick(List.of("/..", "/%2e%2e", "%00", "//", "/%2F", ";x=1", "?" + printable(20), "/.%2e/",
				"%C0%AE", "/" + "A".repeat(300), "%", "%zz", "/actuator/env", "~", "/./"));
		int at = this.random.nextInt(path.length() + 1);
		String mutated = path.substring(0, at) + addition + path.substring(at);
		return mutated.startsWith("/") ? mutated : "/" + mutated;
	}

	private byte[] jsonWithOddValue() {
		String value = pick(List.of("-1", "0", "99", "100", "2147483648", "1e309", "-0.0", "\"3\"", "null", "true",
				"[]", "{}", "\"" + "x".repeat(1000) + "\"", "NaN", "0x10", "\"\\u0000\""));
		String field = pick(List.of("quantity", "stock", "username", "password", "roles"));
		return ("{\"" + field + "\":" + value + "}").getBytes(StandardCharsets.UTF_8);
	}

	private byte[] flipBytes(byte[] body) {
		byte[] copy = body.clone();
		for (int i = 0; i < Math.min(3, copy.length); i++) {
			copy[this.random.nextInt(copy.length)] ^= (byte) (1 << this.random.nextInt(8));
		}
		return copy;
	}

	private byte[] truncate(byte[] body) {
		return (body.length == 0) ? body : java.util.Arrays.copyOf(body, this.random.nextInt(body.length));
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	/** Characters java.net.http accepts in a header value or a URI query. */
	private String printable(int maxLength) {
		String alphabet = "abcXYZ019-_.~!$&'()*+,;=:@<>\"{}|^`[]\\ ";
		StringBuilder text = new StringBuilder();
		for (int i = 0, length = 1 + this.random.nextInt(maxLength); i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return text.toString().strip();
	}

	private <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	private static byte[] concat(byte[] first, byte[] second) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(first);
		out.writeBytes(second);
		return out.toByteArray();
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

	/** A request being mutated, printable for a failure report. */
	static final class Request {

		String method;

		String path;

		byte[] body;

		final Map<String, String> headers = new LinkedHashMap<>();

		void set(String method, String path, byte[] body) {
			this.method = method;
			this.path = path;
			this.body = body;
		}

		void json(String method, String path, String body) {
			set(method, path, body.getBytes(StandardCharsets.UTF_8));
			this.headers.put("Content-Type", "application/json");
		}

		HttpRequest build(String baseUrl) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + this.path))
				.timeout(REQUEST_TIMEOUT)
				.method(this.method, BodyPublishers.ofByteArray(this.body));
			this.headers.forEach(builder::header);
			return builder.build();
		}

		@Override
		public String toString() {
			String shown = new String(this.body, 0, Math.min(this.body.length, 200), StandardCharsets.ISO_8859_1)
				.replaceAll("[^\\x20-\\x7e]", "?");
			StringBuilder headers = new StringBuilder();
			this.headers.forEach((name, value) -> headers.append(name)
				.append(": ")
				.append((value.length() > 80) ? value.substring(0, 80) + "...(" + value.length() + ")" : value)
				.append("; "));
			return this.method + " " + this.path + " [" + headers + "] body(" + this.body.length + "): " + shown;
		}

	}

}
