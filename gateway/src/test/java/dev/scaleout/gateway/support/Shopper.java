package dev.scaleout.gateway.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One client of the gateway with its own cookies, logged in as a user or anonymous, and
 * the CSRF header sent with every state-changing request unless the request says
 * otherwise.
 */
public final class Shopper {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String baseUrl;

	private final HttpClient client;

	private Shopper(String baseUrl, HttpClient client) {
		this.baseUrl = baseUrl;
		this.client = client;
	}

	public static Shopper loggedIn(String baseUrl, String user) {
		return new Shopper(baseUrl, Traffic.loggedIn(baseUrl, user));
	}

	/** Logged in on the replicas of the gateway's canary pool (the jwt store here). */
	public static Shopper loggedInOnCanary(String baseUrl, String user) {
		Shopper shopper = anonymous(baseUrl);
		shopper.setCookie("canary", "always");
		HttpResponse<String> login = shopper.send(shopper.request("/api/login")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"password\"}")));
		if (login.statusCode() != 200) {
			throw new IllegalStateException("login of " + user + " failed: " + login.statusCode() + " " + login.body());
		}
		return shopper;
	}

	public static Shopper anonymous(String baseUrl) {
		HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		Shopper shopper = new Shopper(baseUrl, client);
		// Any response sets the CSRF cookie.
		shopper.send(shopper.request("/api/ping").GET());
		return shopper;
	}

	/** A request with the CSRF header already on it. */
	public HttpRequest.Builder request(String path) {
		return withoutCsrf(path).header("X-XSRF-TOKEN", cookie("XSRF-TOKEN").orElse(""));
	}

	public HttpRequest.Builder withoutCsrf(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(TIMEOUT);
	}

	public HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	public HttpResponse<String> putJson(String path, String body) {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Optional<String> cookie(String name) {
		CookieManager cookies = (CookieManager) this.client.cookieHandler().orElseThrow();
		return cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	public void setCookie(String name, String value) {
		CookieManager cookies = (CookieManager) this.client.cookieHandler().orElseThrow();
		HttpCookie cookie = new HttpCookie(name, value);
		cookie.setPath("/");
		cookie.setVersion(0);
		cookies.getCookieStore().add(URI.create(this.baseUrl), cookie);
	}

}
