package dev.scaleout.loadtests;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Many users race for one hot SKU with little stock ({@code -Dstock}, default 50; users
 * default 200): they log in and fill their carts as they arrive, then all check out at
 * once, each with an idempotency key (a 503 is retried with the same key). Checkouts per
 * second are timed from the first checkout to the last answer. Then one last user checks
 * the outcome: confirmed orders must equal the initial stock and the stock must be 0 —
 * any oversell (or undersell) fails that request and the run.
 */
public class CheckoutContentionSimulation extends Simulation {

	static final String SKU = System.getProperty("sku", "CB-107");

	static final int STOCK = Integer.getInteger("stock", 50);

	static final AtomicLong confirmed = new AtomicLong();

	static final AtomicLong outOfStock = new AtomicLong();

	static final int BUYERS = Integer.getInteger("users", 200);

	static final AtomicLong gaveUp = new AtomicLong();

	static final AtomicInteger ready = new AtomicInteger();

	static volatile long startNanos = System.nanoTime();

	static final AtomicLong firstCheckoutNanos = new AtomicLong();

	static final AtomicLong lastCheckoutNanos = new AtomicLong();

	ChainBuilder admin = exec((session) -> session.set("user", "admin")).exec(Journeys.login())
		.exec(http("set stock").put("/api/admin/products/" + SKU + "/stock")
			.header("X-XSRF-TOKEN", "#{xsrf}")
			.body(StringBody("{\"stock\":" + STOCK + "}"))
			.check(status().in(200, 204)));

	/**
	 * Buyers log in and fill their carts while they arrive, then wait for each other so
	 * that every checkout races at once (for up to the ramp plus 15 s).
	 */
	ChainBuilder prepareToBuy = exec(Journeys.login())
		.exec(http("add hot SKU").put("/api/cart/items/" + SKU)
			.header("X-XSRF-TOKEN", "#{xsrf}")
			.body(StringBody("{\"quantity\":1}"))
			.check(status().is(200)))
		.exec((session) -> {
			ready.incrementAndGet();
			return session.set("key", UUID.randomUUID().toString());
		})
		.asLongAs((session) -> ready.get() < BUYERS && System.nanoTime() < barrierDeadline())
		.on(pause(Duration.ofMillis(20)));

	ChainBuilder buy = exec((session) -> {
		firstCheckoutNanos.compareAndSet(0, System.nanoTime());
		return session.set("outcome", 503).set("attempts", 0);
	})
		// 503 means "the locks were busy, retry": the same key again, so it can never buy
		// twice.
		.asLongAs((session) -> session.getInt("outcome") == 503 && session.getInt("attempts") < 10)
		.on(exec((session) -> session.set("attempts", session.getInt("attempts") + 1)).exec(Journeys.csrfToken())
			.exec(http("checkout").post("/api/orders")
				.header("X-XSRF-TOKEN", "#{xsrf}")
				.header("Idempotency-Key", "#{key}")
				.check(status().in(201, 409, 503).saveAs("outcome")))
			.doIf((session) -> session.getInt("outcome") == 503)
			.then(pause(Duration.ofMillis(200))))
		// The outcome is 201, 409 or (after the last attempt) 503: the check saves no
		// other.
		.exec((session) -> {
			lastCheckoutNanos.accumulateAndGet(System.nanoTime(), Math::max);
			switch (session.getInt("outcome")) {
				case 201 -> confirmed.incrementAndGet();
				case 409 -> outOfStock.incrementAndGet();
				default -> gaveUp.incrementAndGet();
			}
			return session;
		});

	ChainBuilder verify = exec(http("stock afterwards").get("/api/products/" + SKU)
		.check(status().is(200), jsonPath("$.stock").ofInt().saveAs("stockAfter"), jsonPath("$.stock").ofInt().is(0)))
		.exec(http("orders confirmed").get("/api/products/" + SKU)
			.check(bodyString().transform((body) -> confirmed.get()).is((long) STOCK)));

	ScenarioBuilder setStock = scenario("set stock").exec(admin);

	// A buyer whose login or cart failed stops there: it must not check out someone
	// else's state, and its failed request already fails the run.
	ScenarioBuilder buyers = scenario("buyers").exec(feed(Users.feeder()))
		.exec(prepareToBuy)
		.exitHereIfFailed()
		.exec(buy);

	ScenarioBuilder check = scenario("verify").exec(verify).exec((session) -> {
		stockAfter = session.contains("stockAfter") ? session.getInt("stockAfter") : Integer.MIN_VALUE;
		return session;
	});

	static volatile int stockAfter = Integer.MIN_VALUE;

	{
		setUp(setStock.injectOpen(atOnceUsers(1))
			.andThen(buyers.injectOpen(rampUsers(BUYERS).during(LoadSettings.ramp()))
				.andThen(check.injectOpen(atOnceUsers(1)))))
			.protocols(Journeys.protocol())
			.assertions(global().failedRequests().count().is(0L));
	}

	static long barrierDeadline() {
		return startNanos + LoadSettings.ramp().plusSeconds(15).toNanos();
	}

	@Override
	public void before() {
		// The experiments run one simulation after the other in one JVM.
		startNanos = System.nanoTime();
		confirmed.set(0);
		outOfStock.set(0);
		gaveUp.set(0);
		ready.set(0);
		firstCheckoutNanos.set(0);
		lastCheckoutNanos.set(0);
		stockAfter = Integer.MIN_VALUE;
	}

	@Override
	public void after() {
		double seconds = (lastCheckoutNanos.get() - firstCheckoutNanos.get()) / 1e9;
		long checkouts = confirmed.get() + outOfStock.get() + gaveUp.get();
		Figures.write("CheckoutContentionSimulation",
				Map.of("stock", STOCK, "buyers", BUYERS, "confirmed", confirmed.get(), "outOfStock", outOfStock.get(),
						"gaveUp", gaveUp.get(), "stockAfter", stockAfter, "oversold", confirmed.get() - STOCK,
						"checkoutsPerSecond",
						(seconds > 0) ? String.format(Locale.ROOT, "%.0f", checkouts / seconds) : "-"));
	}

}
