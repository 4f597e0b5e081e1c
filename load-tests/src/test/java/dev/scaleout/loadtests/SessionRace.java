package dev.scaleout.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scaleout.loadtests.Browser.Answer;

/**
 * Two tabs, one session: {@code tabs} browser tabs of one logged-in user share a cookie
 * jar and change the same cart at the same instant, through the gateway, as
 * {@code ./scaleout experiment session-race} and {@code SessionRaceEndToEndTests} both
 * run it.
 * <p>
 * Each tab owns {@code items} products of its own. In three phases every tab, all tabs
 * released together at each step, adds its products (quantity 1), sets them to 2, and
 * removes every second one; after each change it calls whoami, as a page would. After
 * every phase the cart is read {@code reads} times (round-robin: every replica) and
 * compared with what the acknowledged changes must have left: a change answered 2xx whose
 * effect is not in a read is <em>lost</em>. A refused change (409, 412) is retried as a
 * real client would: GET the cart for its current version, send again, at most
 * {@code attempts} times; with {@code conditional} each write carries the last version
 * the tab saw in {@code If-Match}. A change that failed (5xx, no answer) may or may not
 * have happened, so that product is left out of the comparison until it is changed again.
 * <p>
 * The visits counter is raced too: every whoami answered 200 must have counted, so
 * <em>visits lost</em> = whoamis acknowledged - what the counter grew by.
 */
public final class SessionRace {

	private static final ObjectMapper JSON = new ObjectMapper();

	private SessionRace() {
	}

	/**
	 * @param baseUrl the gateway
	 * @param users how many users (sessions) race, one after the other
	 * @param firstUser the first load-test account (user1 ... user1000)
	 * @param tabs tabs per session, released together at every step
	 * @param items products per tab (tabs × items distinct products of the catalog)
	 * @param conditional send {@code If-Match} with the last version the tab saw
	 * @param attempts sends of one change at most (the first and the retries)
	 * @param reads reads of the cart after each phase
	 * @param extraCookies cookies every request carries besides the session's (e.g.
	 * {@code canary=always} for the gateway's second pool)
	 */
	public record Settings(URI baseUrl, int users, int firstUser, int tabs, int items, boolean conditional,
			int attempts, int reads, Map<String, String> extraCookies) {

		public static Settings of(String baseUrl) {
			return new Settings(URI.create(baseUrl), 10, 1, 4, 5, false, 10, 4, Map.of());
		}

		public Settings withUsers(int users, int firstUser) {
			return new Settings(this.baseUrl, users, firstUser, this.tabs, this.items, this.conditional, this.attempts,
					this.reads, this.extraCookies);
		}

		public Settings withTabs(int tabs, int items) {
			return new Settings(this.baseUrl, this.users, this.firstUser, tabs, items, this.conditional, this.attempts,
					this.reads, this.extraCookies);
		}

		public Settings conditional(boolean conditional) {
			return new Settings(this.baseUrl, this.users, this.firstUser, this.tabs, this.items, conditional,
					this.attempts, this.reads, this.extraCookies);
		}

		public Settings withCookie(String name, String value) {
			Map<String, String> cookies = new LinkedHashMap<>(this.extraCookies);
			cookies.put(name, value);
			return new Settings(this.baseUrl, this.users, this.firstUser, this.tabs, this.items, this.conditional,
					this.attempts, this.reads, Map.copyOf(cookies));
		}

	}

	/**
	 * What a race measured.
	 *
	 * @param sessions sessions that logged in and raced
	 * @param acknowledged cart changes answered 2xx
	 * @param lost acknowledged changes whose effect was missing from a read afterwards
	 * @param refusals answers 409 or 412 (each retried with fresh state)
	 * @param gaveUp changes still refused after every attempt (not applied, not lost)
	 * @param failed changes whose last answer was a 5xx or none (outcome unknown)
	 * @param divergentReads reads after a phase that differed from the phase's first read
	 * @param writeP99Millis p99 of every cart write sent, retries included
	 * @param visitsAcknowledged whoamis answered 200
	 * @param visitsLost acknowledged whoamis the counter does not show
	 * @param examples a few lost changes, for a failure message
	 */
	public record Result(long sessions, long acknowledged, long lost, long refusals, long gaveUp, long failed,
			long divergentReads, long writeP99Millis, long visitsAcknowledged, long visitsLost, List<String> examples) {

		public Map<String, Object> figures() {
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("sessions", this.sessions);
			figures.put("acknowledged", this.acknowledged);
			figures.put("lost", this.lost);
			figures.put("refusals", this.refusals);
			figures.put("gaveUp", this.gaveUp);
			figures.put("failed", this.failed);
			figures.put("divergentReads", this.divergentReads);
			figures.put("writeP99Millis", this.writeP99Millis);
			figures.put("visitsAcknowledged", this.visitsAcknowledged);
			figures.put("visitsLost", this.visitsLost);
			return figures;
		}

	}

	public static Result run(Settings settings) {
		Tally tally = new Tally();
		List<String> products = new Browser(settings.baseUrl(), settings.extraCookies()).products();
		if (products.size() < settings.tabs() * settings.items()) {
			throw new IllegalArgumentException(settings.tabs() + " tabs × " + settings.items() + " items need "
					+ settings.tabs() * settings.items() + " products; the catalog has " + products.size());
		}
		ExecutorService threads = Executors.newFixedThreadPool(settings.tabs());
		try {
			for (int n = 0; n < settings.users(); n++) {
				new Session(settings, "user" + (settings.firstUser() + n), products, tally, threads).race();
			}
		}
		finally {
			threads.shutdownNow();
		}
		return tally.result();
	}

	/** One user's session: its tabs, the changes they had acknowledged, the checks. */
	private static final class Session {

		private final Settings settings;

		private final String user;

		private final List<String> products;

		private final Tally tally;

		private final ExecutorService threads;

		private final Browser browser;

		/** Per product: its quantity after the last acknowledged change (0: absent). */
		private final Map<String, Integer> expected = Collections.synchronizedMap(new TreeMap<>());

		/** Products whose last change failed: their state is unknown. */
		private final Map<String, Boolean> unknown = Collections.synchronizedMap(new TreeMap<>());

		/** Products whose last acknowledged change was already counted lost. */
		private final Set<String> counted = ConcurrentHashMap.newKeySet();

		private final AtomicLong visitsAcknowledged = new AtomicLong();

		Session(Settings settings, String user, List<String> products, Tally tally, ExecutorService threads) {
			this.settings = settings;
			this.user = user;
			this.products = products;
			this.tally = tally;
			this.threads = threads;
			this.browser = new Browser(settings.baseUrl(), settings.extraCookies());
		}

		void race() {
			if (!this.browser.logIn(this.user)) {
				return;
			}
			long visitsBefore = this.browser.visits();
			if (visitsBefore < 0) {
				return;
			}
			this.tally.sessions.incrementAndGet();
			phase("add", (tab, item) -> new Change(product(tab, item), 1));
			phase("set 2", (tab, item) -> new Change(product(tab, item), 2));
			phase("remove", (tab, item) -> (item % 2 == 1) ? new Change(product(tab, item), 0) : null);
			long visitsAfter = this.browser.visits();
			if (visitsAfter >= 0) {
				// The final whoami counted one visit of its own.
				this.tally.visitsAcknowledged.addAndGet(this.visitsAcknowledged.get());
				this.tally.visitsLost
					.addAndGet(Math.max(0, visitsBefore + this.visitsAcknowledged.get() + 1 - visitsAfter));
			}
			this.browser.logOut();
		}

		private String product(int tab, int item) {
			return this.products.get(tab * this.settings.items() + item);
		}

		/** Every tab makes its change of each step at once, then the cart is checked. */
		private void phase(String name, ChangeOf changeOf) {
			CyclicBarrier together = new CyclicBarrier(this.settings.tabs());
			List<Future<?>> tabs = new ArrayList<>();
			for (int t = 0; t < this.settings.tabs(); t++) {
				int tab = t;
				tabs.add(this.threads.submit(() -> {
					Tab state = new Tab();
					// A tab shows the cart before the user acts on it.
					state.etag = this.browser.get("/api/cart").etag();
					for (int item = 0; item < this.settings.items(); item++) {
						Change change = changeOf.of(tab, item);
						await(together);
						if (change != null) {
							apply(change, state);
							whoami();
						}
					}
					return null;
				}));
			}
			for (Future<?> tab : tabs) {
				try {
					tab.get();
				}
				catch (ExecutionException ex) {
					throw new IllegalStateException("a tab failed", ex.getCause());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
			check(name);
		}

		/** Sends one change as a real client: fresh state and again when refused. */
		private void apply(Change change, Tab tab) {
			Answer last = null;
			for (int attempt = 1; attempt <= this.settings.attempts(); attempt++) {
				String ifMatch = (this.settings.conditional() && tab.etag != null) ? tab.etag : null;
				last = (change.quantity() == 0) ? this.browser.delete("/api/cart/items/" + change.sku(), ifMatch)
						: this.browser.put("/api/cart/items/" + change.sku(),
								"{\"quantity\":" + change.quantity() + "}", ifMatch);
				this.tally.writeMillis.add(last.millis());
				if (last.status() / 100 == 2) {
					tab.etag = last.etag();
					synchronized (this.expected) {
						this.expected.put(change.sku(), change.quantity());
						this.unknown.remove(change.sku());
						this.counted.remove(change.sku());
					}
					this.tally.acknowledged.incrementAndGet();
					return;
				}
				if (last.status() == 409 || last.status() == 412) {
					this.tally.refusals.incrementAndGet();
					// What a client does with "get the cart and retry": fresh state
					// first.
					Answer cart = this.browser.get("/api/cart");
					tab.etag = (cart.status() == 200) ? cart.etag() : null;
					continue;
				}
				if (last.status() != 503 && last.status() != -1) {
					break;
				}
				Browser.pause(50L * attempt);
			}
			if (last != null && (last.status() == 409 || last.status() == 412)) {
				// Refused every time: not applied, and the client knows it.
				this.tally.gaveUp.incrementAndGet();
			}
			else {
				this.unknown.put(change.sku(), true);
				this.tally.failed.incrementAndGet();
				this.tally.example(this.user + ": " + change + " failed: " + last);
			}
		}

		private void whoami() {
			if (this.browser.get("/api/whoami").status() == 200) {
				this.visitsAcknowledged.incrementAndGet();
			}
		}

		/**
		 * Reads the cart {@code reads} times and counts each acknowledged change that a
		 * read does not show, once: a change seen correct now and wiped later is counted
		 * when the later check finds it gone.
		 */
		private void check(String phase) {
			Map<String, Integer> first = null;
			for (int read = 0; read < this.settings.reads(); read++) {
				Answer answer = this.browser.get("/api/cart");
				if (answer.status() != 200) {
					continue;
				}
				Map<String, Integer> cart = quantities(answer.body());
				if (first == null) {
					first = cart;
				}
				else if (!first.equals(cart)) {
					this.tally.divergentReads.incrementAndGet();
				}
				synchronized (this.expected) {
					for (Map.Entry<String, Integer> change : this.expected.entrySet()) {
						String sku = change.getKey();
						int seen = cart.getOrDefault(sku, 0);
						if (seen != change.getValue() && !this.unknown.containsKey(sku) && this.counted.add(sku)) {
							this.tally.lost.incrementAndGet();
							this.tally.example(
									this.user + " after '" + phase + "' (read " + (read + 1) + ", " + answer.instance()
											+ "): " + sku + " should be " + change.getValue() + ", is " + seen);
						}
					}
				}
			}
		}

		private static Map<String, Integer> quantities(String body) {
			Map<String, Integer> cart = new TreeMap<>();
			try {
				for (JsonNode line : JSON.readTree(body).path("items")) {
					cart.put(line.path("sku").asText(), line.path("quantity").asInt());
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("GET /api/cart answered something that is not a cart: " + body, ex);
			}
			return cart;
		}

	}

	/** What a tab remembers between its requests. */
	private static final class Tab {

		/** The cart's version in the tab's last answer ({@code ETag}). */
		String etag;

	}

	private record Change(String sku, int quantity) {
	}

	@FunctionalInterface
	private interface ChangeOf {

		/** The change of a tab's item in this phase, or {@code null} for none. */
		Change of(int tab, int item);

	}

	/** Counters of every session's race. */
	private static final class Tally {

		final AtomicLong sessions = new AtomicLong();

		final AtomicLong acknowledged = new AtomicLong();

		final AtomicLong refusals = new AtomicLong();

		final AtomicLong gaveUp = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final AtomicLong divergentReads = new AtomicLong();

		final AtomicLong visitsAcknowledged = new AtomicLong();

		final AtomicLong visitsLost = new AtomicLong();

		final AtomicLong lost = new AtomicLong();

		final Queue<Long> writeMillis = new ConcurrentLinkedQueue<>();

		private final List<String> examples = Collections.synchronizedList(new ArrayList<>());

		void example(String text) {
			if (this.examples.size() < 10) {
				this.examples.add(text);
			}
		}

		synchronized Result result() {
			List<Long> millis = new ArrayList<>(this.writeMillis);
			Collections.sort(millis);
			long p99 = millis.isEmpty() ? 0 : millis.get((int) Math.ceil(0.99 * millis.size()) - 1);
			return new Result(this.sessions.get(), this.acknowledged.get(), this.lost.get(), this.refusals.get(),
					this.gaveUp.get(), this.failed.get(), this.divergentReads.get(), p99, this.visitsAcknowledged.get(),
					this.visitsLost.get(), List.copyOf(this.examples));
		}

	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (BrokenBarrierException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
