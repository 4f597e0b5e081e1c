package dev.scaleout.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scaleout.loadtests.Browser.Answer;

/**
 * A bot's flood: cookie-less {@code GET /api/whoami} from many connections, as a crawler,
 * a health checker or wrk sends them, while logged-in users browse and fill their carts
 * through the same gateway. What it measures is what the flood did to the users; what it
 * did to the store is read from the store by the caller, before and after.
 */
public final class SessionFlood {

	private static final ObjectMapper JSON = new ObjectMapper();

	private SessionFlood() {
	}

	/**
	 * @param baseUrl the gateway
	 * @param requests cookie-less requests in all
	 * @param connections how many are in flight at once
	 * @param users logged-in users browsing meanwhile (load-test accounts)
	 * @param firstUser the first of their accounts ({@code user1} ... {@code user1000})
	 */
	public record Settings(URI baseUrl, int requests, int connections, int users, int firstUser) {

		public static Settings of(String baseUrl) {
			return new Settings(URI.create(baseUrl), 2000, 16, 4, 1);
		}

		public Settings withFlood(int requests, int connections) {
			return new Settings(this.baseUrl, requests, connections, this.users, this.firstUser);
		}

		public Settings withUsers(int users, int firstUser) {
			return new Settings(this.baseUrl, this.requests, this.connections, users, firstUser);
		}

	}

	/**
	 * @param sent cookie-less requests sent
	 * @param answered200 of those, answered 200
	 * @param refused answered 429 or 503: turned away, honestly
	 * @param failed answered otherwise or not at all
	 * @param usersBrowsing users that logged in and browsed during the flood
	 * @param userRequests their requests
	 * @param usersWhoLostSomething users logged out, a visit not counted, or a cart item
	 * missing at the end
	 * @param userFailures their requests answered other than 2xx
	 * @param floodMillis how long the flood took
	 */
	public record Result(long sent, long answered200, long refused, long failed, long usersBrowsing,
			long userRequests, long usersWhoLostSomething, long userFailures, long floodMillis) {

		/** Cookie-less requests a second. */
		public long rate() {
			return (this.floodMillis > 0) ? this.sent * 1000 / this.floodMillis : 0;
		}

	}

	/**
	 * What {@code GET /api/session-store} of one replica says (asked of it directly, not
	 * through the gateway).
	 *
	 * @param sessions the sessions the store holds, or empty for {@code jwt}
	 * @param memoryUsedBytes the store's memory in use
	 * @param memoryOf {@code redis} or {@code replica-heap}
	 */
	public record StoreReading(OptionalLong sessions, long memoryUsedBytes, String memoryOf) {

		public static StoreReading of(String replicaUrl) {
			Answer answer = new Browser(URI.create(replicaUrl), Map.of()).get("/api/session-store");
			if (answer.status() != 200) {
				throw new IllegalStateException(
						replicaUrl + " answered GET /api/session-store with " + answer.status() + ": " + answer.body());
			}
			try {
				JsonNode usage = JSON.readTree(answer.body());
				JsonNode sessions = usage.path("sessions");
				return new StoreReading(
						(sessions.isNull() || sessions.isMissingNode()) ? OptionalLong.empty()
								: OptionalLong.of(sessions.asLong()),
						usage.path("memoryUsedBytes").asLong(), usage.path("memoryOf").asText());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	public static Result run(Settings settings) {
		List<String> products = new Browser(settings.baseUrl(), Map.of()).products();
		AtomicBoolean flooding = new AtomicBoolean(true);
		AtomicLong sent = new AtomicLong();
		AtomicLong ok = new AtomicLong();
		AtomicLong refused = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		ExecutorService threads = Executors.newFixedThreadPool(settings.connections() + settings.users());
		try {
			List<Future<UserOutcome>> users = new ArrayList<>();
			for (int n = 0; n < settings.users(); n++) {
				String user = "user" + (settings.firstUser() + n);
				List<String> basket = List.of(products.get(n % products.size()),
						products.get((n + 1) % products.size()));
				users.add(threads.submit(() -> browse(settings.baseUrl(), user, basket, flooding)));
			}
			long start = System.nanoTime();
			List<Future<?>> bots = new ArrayList<>();
			for (int c = 0; c < settings.connections(); c++) {
				bots.add(threads.submit(() -> {
					while (sent.incrementAndGet() <= settings.requests()) {
						// A new jar each time: nothing the gateway sets comes back.
						Answer answer = new Browser(settings.baseUrl(), Map.of()).get("/api/whoami");
						switch (answer.status()) {
							case 200 -> ok.incrementAndGet();
							case 429, 503 -> refused.incrementAndGet();
							default -> failed.incrementAndGet();
						}
					}
				}));
			}
			for (Future<?> bot : bots) {
				bot.get();
			}
			long floodMillis = (System.nanoTime() - start) / 1_000_000;
			flooding.set(false);
			long browsing = 0;
			long lost = 0;
			long requests = 0;
			long failures = 0;
			for (Future<UserOutcome> user : users) {
				UserOutcome outcome = user.get();
				browsing += outcome.loggedIn() ? 1 : 0;
				lost += outcome.lostSomething() ? 1 : 0;
				requests += outcome.requests();
				failures += outcome.failures();
			}
			return new Result(settings.requests(), ok.get(), refused.get(), failed.get(), browsing, requests, lost,
					failures, floodMillis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			threads.shutdownNow();
		}
	}

	private record UserOutcome(boolean loggedIn, boolean lostSomething, long requests, long failures) {
	}

	/**
	 * Logs in, then until the flood ends: whoami (the count must go up by one each time,
	 * for this user), and now and then one more of the basket's products in the cart; at
	 * the end the cart must hold every quantity acknowledged.
	 */
	private static UserOutcome browse(URI baseUrl, String user, List<String> basket, AtomicBoolean flooding)
			throws IOException {
		Browser browser = new Browser(baseUrl, Map.of());
		if (!browser.logIn(user)) {
			return new UserOutcome(false, true, 0, 0);
		}
		boolean lost = false;
		long requests = 0;
		long failures = 0;
		long lastVisits = -1;
		int[] quantities = new int[basket.size()];
		for (int step = 0; flooding.get(); step++) {
			Answer whoami = browser.get("/api/whoami");
			requests++;
			if (whoami.status() != 200) {
				failures++;
				continue;
			}
			JsonNode json = JSON.readTree(whoami.body());
			long visits = json.path("visits").asLong();
			if (!user.equals(json.path("user").asText(null)) || (lastVisits >= 0 && visits != lastVisits + 1)) {
				lost = true;
			}
			lastVisits = visits;
			if (step % 5 == 0) {
				int item = (step / 5) % basket.size();
				Answer put = browser.put("/api/cart/items/" + basket.get(item),
						"{\"quantity\":" + (quantities[item] + 1) + "}", null);
				requests++;
				if (put.status() / 100 == 2) {
					quantities[item]++;
				}
				else {
					failures++;
				}
			}
		}
		Answer cart = browser.get("/api/cart");
		requests++;
		if (cart.status() != 200) {
			return new UserOutcome(true, true, requests, failures + 1);
		}
		for (JsonNode line : JSON.readTree(cart.body()).path("items")) {
			int item = basket.indexOf(line.path("sku").asText());
			if (item >= 0 && line.path("quantity").asInt() == quantities[item]) {
				quantities[item] = 0;
			}
		}
		for (int quantity : quantities) {
			lost |= quantity != 0;
		}
		return new UserOutcome(true, lost, requests, failures);
	}

}
