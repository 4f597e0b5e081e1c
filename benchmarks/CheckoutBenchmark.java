import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checkouts per second through a running topology (./scaleout up): each of THREADS logged-in
 * users loops "put one unit in the cart, POST /api/orders" for SECONDS, on one hot SKU or
 * spread over all 20. Run with the JDK alone: java benchmarks/CheckoutBenchmark.java BASE_URL hot|spread THREADS SECONDS
 */
public class CheckoutBenchmark {

	static final String[] SKUS = { "KB-101", "MS-102", "MN-103", "HS-104", "WC-105", "DK-106", "CB-107", "SS-108",
			"MP-109", "SD-110", "RM-111", "MC-112", "SP-113", "LG-114", "CH-115", "DS-116", "UP-117", "RT-118",
			"HB-119", "PB-120" };

	public static void main(String[] args) throws Exception {
		String base = args[0];
		boolean hot = args[1].equals("hot");
		int threads = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		User admin = User.login(base, "admin");
		for (String sku : SKUS) {
			admin.send("PUT", "/api/admin/products/" + sku + "/stock", "{\"stock\":100000000}", null);
		}
		List<User> users = new ArrayList<>();
		for (int i = 1; i <= threads; i++) {
			users.add(User.login(base, "user" + i));
		}
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong confirmed = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<Thread> workers = new ArrayList<>();
		for (User user : users) {
			Thread worker = new Thread(() -> {
				while (running.get()) {
					String sku = hot ? SKUS[0] : SKUS[ThreadLocalRandom.current().nextInt(SKUS.length)];
					try {
						user.send("PUT", "/api/cart/items/" + sku, "{\"quantity\":1}", null);
						int status = user.send("POST", "/api/orders", null, UUID.randomUUID().toString());
						(status == 201 ? confirmed : failed).incrementAndGet();
					}
					catch (Exception ex) {
						failed.incrementAndGet();
					}
				}
			});
			workers.add(worker);
			worker.start();
		}
		Thread.sleep(seconds * 1000L);
		running.set(false);
		for (Thread worker : workers) {
			worker.join();
		}
		System.out.printf("%s %d threads %d s: %d confirmed (%.1f/s), %d failed%n", hot ? "hot" : "spread", threads,
				seconds, confirmed.get(), confirmed.get() / (double) seconds, failed.get());
	}

	record User(HttpClient http, String base, String xsrf) {

		static User login(String base, String name) throws Exception {
			CookieManager cookies = new CookieManager();
			HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(2)).build();
			http.send(HttpRequest.newBuilder(URI.create(base + "/api/whoami")).build(), HttpResponse.BodyHandlers.discarding());
			String xsrf = cookies.getCookieStore().getCookies().stream().filter((c) -> c.getName().equals("XSRF-TOKEN"))
				.map(HttpCookie::getValue).findFirst().orElseThrow();
			User user = new User(http, base, xsrf);
			int status = user.send("POST", "/api/login", "{\"username\":\"" + name + "\",\"password\":\"password\"}", null);
			if (status != 200) {
				throw new IllegalStateException("login " + name + ": " + status);
			}
			return user;
		}

		int send(String method, String path, String json, String idempotencyKey) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
				.timeout(Duration.ofSeconds(10))
				.header("X-XSRF-TOKEN", this.xsrf)
				.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
			if (json != null) {
				request.header("Content-Type", "application/json");
			}
			if (idempotencyKey != null) {
				request.header("Idempotency-Key", idempotencyKey);
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}

	}

}
