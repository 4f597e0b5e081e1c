package dev.scaleout.loadtests;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scaleout.loadtests.Browser.Answer;

/**
 * Logged-in users browsing through the gateway while something else happens to it (a
 * flood, a ramp of load, a replica killed): each logs in, then until {@link #stop}:
 * whoami (its count must go up by one each time, for this user) and now and then one more
 * of its basket's products in the cart; at the end the cart must hold every quantity
 * acknowledged. What they measure is what the rest did to them.
 */
public final class BrowsingUsers implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int FINAL_READS = 5;

	/**
	 * @param usersBrowsing users that logged in and browsed
	 * @param requests their requests
	 * @param usersWhoLostSomething users logged out, a visit not counted, or a cart item
	 * missing at the end
	 * @param failures their requests answered other than 2xx, or not at all
	 * @param losses what each user who lost something lost, for the log
	 */
	public record Outcome(long usersBrowsing, long requests, long usersWhoLostSomething, long failures,
			List<String> losses) {

		public Outcome {
			losses = List.copyOf(losses);
		}

	}

	/**
	 * @param loss what was lost, or null */
	private record UserOutcome(boolean loggedIn, String loss, long requests, long failures) {

		boolean lostSomething() {
			return this.loss != null;
		}

	}

	private final AtomicBoolean browsing = new AtomicBoolean(true);

	private final ExecutorService threads;

	private final List<Future<UserOutcome>> users = new ArrayList<>();

	private BrowsingUsers(URI baseUrl, int users, int firstUser) {
		List<String> products = new Browser(baseUrl, Map.of()).products();
		this.threads = Executors.newFixedThreadPool(Math.max(1, users));
		for (int n = 0; n < users; n++) {
			String user = "user" + (firstUser + n);
			List<String> basket = List.of(products.get(n % products.size()), products.get((n + 1) % products.size()));
			this.users.add(this.threads.submit(() -> browse(baseUrl, user, basket)));
		}
	}

	/**
	 * @param users how many (load-test accounts {@code userN})
	 * @param firstUser the first of their accounts ({@code user1} ... {@code user1000}):
	 * runs one after another take fresh accounts, so that no cart is shared
	 */
	public static BrowsingUsers start(URI baseUrl, int users, int firstUser) {
		return new BrowsingUsers(baseUrl, users, firstUser);
	}

	/** Ends the browsing, checks each user's cart and says what they lost. */
	public Outcome stop() {
		this.browsing.set(false);
		long browsing = 0;
		long lost = 0;
		long requests = 0;
		long failures = 0;
		List<String> losses = new ArrayList<>();
		try {
			for (Future<UserOutcome> user : this.users) {
				UserOutcome outcome = user.get();
				browsing += outcome.loggedIn() ? 1 : 0;
				lost += outcome.lostSomething() ? 1 : 0;
				if (outcome.lostSomething()) {
					losses.add(outcome.loss());
				}
				requests += outcome.requests();
				failures += outcome.failures();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			this.threads.shutdownNow();
		}
		return new Outcome(browsing, requests, lost, failures, losses);
	}

	@Override
	public void close() {
		this.browsing.set(false);
		this.threads.shutdownNow();
	}

	private UserOutcome browse(URI baseUrl, String user, List<String> basket) throws IOException {
		Browser browser = new Browser(baseUrl, Map.of());
		if (!browser.logIn(user)) {
			return new UserOutcome(false, user + " could not log in", 0, 0);
		}
		String lost = null;
		long requests = 0;
		long failures = 0;
		long lastVisits = -1;
		// A whoami without an answer may still have been counted by the replica.
		long unanswered = 0;
		int[] quantities = new int[basket.size()];
		for (int step = 0; this.browsing.get(); step++) {
			Answer whoami = browser.get("/api/whoami");
			requests++;
			if (whoami.status() != 200) {
				failures++;
				unanswered++;
				continue;
			}
			JsonNode json = JSON.readTree(whoami.body());
			long visits = json.path("visits").asLong();
			boolean counted = lastVisits < 0 || (visits > lastVisits && visits <= lastVisits + 1 + unanswered);
			if (!user.equals(json.path("user").asText(null))) {
				lost = (lost != null) ? lost : user + " was logged out";
			}
			else if (!counted) {
				lost = (lost != null) ? lost : user + "'s visits went from " + lastVisits + " to " + visits + " ("
						+ unanswered + " unanswered between)";
			}
			lastVisits = visits;
			unanswered = 0;
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
		// The cart is read until it answers, a few times: a fleet still working off a
		// queue
		// is slow, not a loss; one that never answers is.
		Answer cart = browser.get("/api/cart");
		requests++;
		for (int attempt = 1; attempt < FINAL_READS && cart.status() != 200; attempt++) {
			failures++;
			Browser.pause(2000);
			cart = browser.get("/api/cart");
			requests++;
		}
		if (cart.status() != 200) {
			return new UserOutcome(true,
					user + "'s cart could not be read at the end (" + FINAL_READS + " tries): " + cart.status(),
					requests, failures + 1);
		}
		int[] held = new int[basket.size()];
		for (JsonNode line : JSON.readTree(cart.body()).path("items")) {
			int item = basket.indexOf(line.path("sku").asText());
			if (item >= 0) {
				held[item] = line.path("quantity").asInt();
			}
		}
		for (int item = 0; item < basket.size(); item++) {
			// More than acknowledged is no loss: a write can be applied after its client
			// gave up waiting.
			if (held[item] < quantities[item] && lost == null) {
				lost = user + "'s cart holds " + held[item] + " × " + basket.get(item) + ", " + quantities[item]
						+ " acknowledged";
			}
		}
		return new UserOutcome(true, lost, requests, failures);
	}

}
