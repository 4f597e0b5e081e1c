package dev.scaleout.gateway.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady traffic from logged-in clients through the gateway: each calls whoami in a loop
 * and checks that its visit counter goes 1, 2, 3, ... without a failure, a reset or a
 * jump.
 */
public final class Traffic implements AutoCloseable {

	private static final Pattern VISITS = Pattern.compile("\"visits\":(\\d+)");

	private final String baseUrl;

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger requests = new AtomicInteger();

	private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

	private final List<String> resets = java.util.Collections.synchronizedList(new ArrayList<>());

	private final List<String> jumps = java.util.Collections.synchronizedList(new ArrayList<>());

	/** For each reset: when the visit it lost had been answered (System.nanoTime()). */
	private final List<Long> lostVisitsAnsweredAt = java.util.Collections.synchronizedList(new ArrayList<>());

	private final AtomicLong slowestNanos = new AtomicLong();

	private final Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();

	private Traffic(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public static Traffic start(String baseUrl, int clients) {
		Traffic traffic = new Traffic(baseUrl);
		for (int i = 1; i <= clients; i++) {
			HttpClient client = loggedIn(baseUrl, "user" + i);
			Thread thread = new Thread(() -> traffic.loop(client), "traffic-" + i);
			traffic.threads.add(thread);
			thread.start();
		}
		return traffic;
	}

	/** A client that went through the CSRF flow and logged in. */
	public static HttpClient loggedIn(String baseUrl, String user) {
		CookieManager cookies = new CookieManager();
		HttpClient client = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		send(client, HttpRequest.newBuilder(URI.create(baseUrl + "/api/whoami")).build());
		String xsrf = cookie(client, "XSRF-TOKEN");
		HttpResponse<String> login = send(client, HttpRequest.newBuilder(URI.create(baseUrl + "/api/login"))
			.header("Content-Type", "application/json")
			.header("X-XSRF-TOKEN", xsrf)
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"password\"}"))
			.build());
		if (login.statusCode() != 200) {
			throw new IllegalStateException("login of " + user + " failed: " + login.statusCode() + " " + login.body());
		}
		return client;
	}

	/** The value of a cookie the client holds for the gateway. */
	public static String cookie(HttpClient client, String name) {
		CookieManager cookies = (CookieManager) client.cookieHandler().orElseThrow();
		return cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElseThrow();
	}

	private void loop(HttpClient client) {
		long previous = -1;
		long previousAnsweredAt = 0;
		while (this.running.get()) {
			long started = System.nanoTime();
			try {
				HttpResponse<String> response = client
					.send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/whoami"))
						.timeout(Duration.ofSeconds(10))
						.build(), HttpResponse.BodyHandlers.ofString());
				long answeredAt = System.nanoTime();
				this.slowestNanos.accumulateAndGet(answeredAt - started, Math::max);
				this.requests.incrementAndGet();
				if (response.statusCode() != 200) {
					this.failures.add(response.statusCode() + " "
							+ response.headers().firstValue("Content-Type").orElse("(no type)") + " "
							+ response.body());
					continue;
				}
				response.headers()
					.firstValue("X-Instance")
					.ifPresent((instance) -> this.byInstance.computeIfAbsent(instance, (k) -> new AtomicInteger())
						.incrementAndGet());
				Matcher visits = VISITS.matcher(response.body());
				long current = visits.find() ? Long.parseLong(visits.group(1)) : -1;
				if (previous >= 0 && current <= previous) {
					this.resets.add(previous + " -> " + current);
					this.lostVisitsAnsweredAt.add(previousAnsweredAt);
				}
				else if (previous >= 0 && current != previous + 1) {
					this.jumps.add(previous + " -> " + current);
				}
				previous = current;
				previousAnsweredAt = answeredAt;
			}
			catch (IOException ex) {
				this.slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
				this.requests.incrementAndGet();
				this.failures.add(ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	public int requests() {
		return this.requests.get();
	}

	public List<String> failures() {
		return List.copyOf(this.failures);
	}

	/** Visit counters that went back or stayed: a lost session. */
	public List<String> resets() {
		return List.copyOf(this.resets);
	}

	/**
	 * Lost sessions whose lost visit had been answered before {@code nanoTime}
	 * ({@link System#nanoTime()}): writes a store should have kept.
	 */
	public long resetsOfVisitsAnsweredBefore(long nanoTime) {
		synchronized (this.lostVisitsAnsweredAt) {
			return this.lostVisitsAnsweredAt.stream().filter((answeredAt) -> answeredAt - nanoTime < 0).count();
		}
	}

	/** The longest any request took, answered or not. */
	public Duration slowest() {
		return Duration.ofNanos(this.slowestNanos.get());
	}

	/** Visit counters that skipped: a request applied twice. */
	public List<String> jumps() {
		return List.copyOf(this.jumps);
	}

	public int servedBy(String instance) {
		AtomicInteger count = this.byInstance.get(instance);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public void close() {
		this.running.set(false);
		for (Thread thread : this.threads) {
			try {
				thread.join(15_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
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
