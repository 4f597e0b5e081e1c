package dev.scaleout.app.support;

import java.io.IOException;
import java.io.InputStream;
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
		return sendBody(method, url,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody(),
				contentType, headers);
	}

	public Response upload(String url, Multipart multipart, String... headers) {
		return sendBody("POST", url, HttpRequest.BodyPublishers.ofByteArray(multipart.body()), multipart.contentType(),
				headers);
	}

	/** A GET whose body is kept as bytes, for downloads. */
	public HttpResponse<byte[]> download(String url, String... headers) {
		return get(url, HttpResponse.BodyHandlers.ofByteArray(), headers);
	}

	/** A GET whose body is streamed, for downloads larger than the test's heap. */
	public HttpResponse<InputStream> downloadStream(String url) {
		return get(url, HttpResponse.BodyHandlers.ofInputStream());
	}

	private <T> HttpResponse<T> get(String url, HttpResponse.BodyHandler<T> handler, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
		addCookies(request);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return this.http.send(request.build(), handler);
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + url + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Response sendBody(String method, String url, HttpRequest.BodyPublisher body, String contentType,
			String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.method(method, body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		addCookies(request);
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

	/** The Cookie header (and the CSRF header) a browser would send, for raw requests. */
	public String cookieHeader() {
		return this.cookies.entrySet()
			.stream()
			.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	private void addCookies(HttpRequest.Builder request) {
		if (!this.cookies.isEmpty()) {
			request.header("Cookie", cookieHeader());
		}
		if (this.sendCsrfHeader && this.cookies.containsKey("XSRF-TOKEN")) {
			request.header("X-XSRF-TOKEN", this.cookies.get("XSRF-TOKEN"));
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
