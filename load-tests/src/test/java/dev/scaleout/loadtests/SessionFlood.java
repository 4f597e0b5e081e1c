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
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scaleout.loadtests.Browser.Answer;

/**
 * A bot's flood: cookie-less {@code GET /api/whoami} from many connections, as a crawler,
 * a health checker or wrk sends them, while logged-in users browse and fill their carts
 * through the same gateway. What it measures is what the flood did to the users; what it
 * did to the store is read from the store by the caller, before and after. The users are
 * {@link BrowsingUsers}.
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
	public record Result(long sent, long answered200, long refused, long failed, long usersBrowsing, long userRequests,
			long usersWhoLostSomething, long userFailures, long floodMillis) {

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
		AtomicLong sent = new AtomicLong();
		AtomicLong ok = new AtomicLong();
		AtomicLong refused = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		ExecutorService threads = Executors.newFixedThreadPool(settings.connections());
		try (BrowsingUsers users = BrowsingUsers.start(settings.baseUrl(), settings.users(), settings.firstUser())) {
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
			BrowsingUsers.Outcome browsing = users.stop();
			return new Result(settings.requests(), ok.get(), refused.get(), failed.get(), browsing.usersBrowsing(),
					browsing.requests(), browsing.usersWhoLostSomething(), browsing.failures(), floodMillis);
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

}
