package dev.scaleout.app.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser-like client: it keeps the cookies every replica sets and sends them to
 * whichever replica it calls next, as it would behind a load balancer, and echoes the
 * {@code XSRF-TOKEN} cookie in the {@code X-XSRF-TOKEN} header like a single-page app.
 */
public final class HttpTestClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private boolean sendCsrfHeader = true;

	public HttpTestClient withoutCsrfHeader() {
		this.sendCsrfHeader = false;
		return this;
	}

	public HttpTestClient withCsrfHeader() {
		this.sendCsrfHeader = true;
		return this;
	}

	public Response get(String url) {
		return send("GET", url, null, null);
	}

	public Response post(String url, String json) {
		return send("POST", url, json, "application/json");
	}

	public Response put(String url, String json) {
		return send("PUT", url, json, "application/json");
	}

	public Response delete(String url) {
		return send("DELETE", url, null, null);
	}

	public Response send(String method, String url, String body, String contentType, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (!this.cookies.isEmpty()) {
			request.header("Cookie",
					this.cookies.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}
		if (this.sendCsrfHeader && this.cookies.containsKey("XSRF-TOKEN")) {
			request.header("X-XSRF-TOKEN", this.cookies.get("XSRF-TOKEN"));
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			remember(response.headers().allValues("Set-Cookie"));
			return new Response(response);
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + url + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String cookie(String name) {
		return this.cookies.get(name);
	}

	public Map<String, String> cookies() {
		return Map.copyOf(this.cookies);
	}

	public void setCookie(String name, String value) {
		this.cookies.put(name, value);
	}

	private void remember(List<String> setCookies) {
		for (String header : setCookies) {
			String pair = header.split(";", 2)[0];
			int eq = pair.indexOf('=');
			String name = pair.substring(0, eq).trim();
			String value = pair.substring(eq + 1).trim();
			boolean expired = header.toLowerCase().contains("max-age=0");
			if (value.isEmpty() || expired) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
	}

	/**
	 * A response, with its body parsed as JSON on demand.
	 */
	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public JsonNode json() {
			return JSON.readTree(this.raw.body());
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public List<String> setCookies() {
			return this.raw.headers().allValues("Set-Cookie");
		}

	}

}
