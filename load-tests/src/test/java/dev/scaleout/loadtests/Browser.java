package dev.scaleout.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One browser: one cookie jar that all its tabs share, updated as each answer arrives
 * (the last {@code Set-Cookie} wins, as in a browser), and the CSRF double-submit.
 */
final class Browser {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final URI baseUrl;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	Browser(URI baseUrl, Map<String, String> cookies) {
		this.baseUrl = baseUrl;
		this.cookies.putAll(cookies);
	}

	/** Whether the jar holds a cookie of this name. */
	boolean hasCookie(String name) {
		synchronized (this.cookies) {
			return this.cookies.containsKey(name);
		}
	}

	List<String> products() {
		Answer answer = get("/api/products");
		if (answer.status() != 200) {
			throw new IllegalStateException("GET /api/products answered " + answer.status() + ": " + answer.body());
		}
		List<String> skus = new ArrayList<>();
		try {
			for (JsonNode product : JSON.readTree(answer.body())) {
				skus.add(product.path("sku").asText());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return skus;
	}

	boolean logIn(String user) {
		// whoami hands out the CSRF cookie that login echoes.
		get("/api/whoami");
		for (int attempt = 0; attempt < 5; attempt++) {
			Answer login = send("POST", "/api/login", "{\"username\":\"" + user + "\",\"password\":\"password\"}",
					null);
			if (login.status() == 200) {
				return true;
			}
			pause(200);
		}
		return false;
	}

	void logOut() {
		send("POST", "/api/logout", null, null);
	}

	/** The visits counter (this whoami counted too), or -1 without an answer. */
	long visits() {
		Answer whoami = get("/api/whoami");
		if (whoami.status() != 200) {
			return -1;
		}
		try {
			return JSON.readTree(whoami.body()).path("visits").asLong();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	Answer get(String path) {
		return send("GET", path, null, null);
	}

	Answer put(String path, String json, String ifMatch) {
		return send("PUT", path, json, ifMatch);
	}

	Answer delete(String path, String ifMatch) {
		return send("DELETE", path, null, ifMatch);
	}

	private Answer send(String method, String path, String json, String ifMatch) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.baseUrl.toString().replaceAll("/$", "") + path))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", "application/json")
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		synchronized (this.cookies) {
			if (!this.cookies.isEmpty()) {
				StringBuilder header = new StringBuilder();
				this.cookies.forEach((name, value) -> header.append((header.length() > 0) ? "; " : "")
					.append(name)
					.append('=')
					.append(value));
				request.header("Cookie", header.toString());
			}
			String xsrf = this.cookies.get("XSRF-TOKEN");
			if (xsrf != null && !method.equals("GET")) {
				request.header("X-XSRF-TOKEN", xsrf);
			}
		}
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			long millis = (System.nanoTime() - start) / 1_000_000;
			remember(response.headers().allValues("Set-Cookie"));
			return new Answer(response.statusCode(), response.body(),
					response.headers().firstValue("ETag").orElse(null),
					response.headers().firstValue("X-Instance").orElse("?"), millis);
		}
		catch (IOException ex) {
			return new Answer(-1, ex.toString(), null, "?", (System.nanoTime() - start) / 1_000_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void remember(List<String> setCookies) {
		synchronized (this.cookies) {
			for (String header : setCookies) {
				String pair = header.split(";", 2)[0];
				int eq = pair.indexOf('=');
				if (eq < 1) {
					continue;
				}
				String name = pair.substring(0, eq).trim();
				String value = pair.substring(eq + 1).trim();
				if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
					this.cookies.remove(name);
				}
				else {
					this.cookies.put(name, value);
				}
			}
		}
	}

	/** An answer: its status (-1: none), body, ETag and the replica that gave it. */
	record Answer(int status, String body, String etag, String instance, long millis) {
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
