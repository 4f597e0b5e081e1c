package dev.scaleout.gateway.balancing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One replica as the gateway sees it: its address, its health as active checks and real
 * traffic report it, and its load. Thread-safe; state changes are synchronized and rare.
 */
public final class Instance {

	/**
	 * How slow a failed request counts for the latency estimate (as Finagle's balancers
	 * penalise failures): it decays below a healthy replica's in about 20 s.
	 */
	static final long FAILURE_LATENCY_NANOS = 1_000_000_000L;

	public enum State {

		/** Passes health checks and takes traffic. */
		HEALTHY,
		/** Taken out by passive outlier detection until {@link #ejectedUntil()}. */
		EJECTED,
		/** Fails active health checks (or has not passed them yet). */
		UNHEALTHY

	}

	private final URI url;

	private final int weight;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final PeakEwma latency = new PeakEwma();

	/** Outcomes since the outlier detector last judged them. */
	private final AtomicLong windowRequests = new AtomicLong();

	private final AtomicLong windowFailures = new AtomicLong();

	private volatile Instant windowOpened = Instant.now();

	private final Runnable changed;

	private final Runnable released;

	/** Null when the pool sets no adaptive concurrency limit. */
	private final ConcurrencyLimit concurrencyLimit;

	private volatile String id;

	private volatile State state = State.UNHEALTHY;

	private volatile Instant lastStateChange = Instant.now();

	private volatile Instant ejectedUntil = Instant.EPOCH;

	private volatile Instant admittedAt = Instant.EPOCH;

	private volatile String ejectionReason = "";

	private volatile boolean answering;

	private volatile boolean draining;

	private volatile String version = "";

	private int consecutiveCheckFailures;

	private int consecutiveCheckSuccesses;

	private int consecutiveTrafficErrors;

	private int ejections;

	public Instance(URI url, int weight) {
		this(url, weight, () -> {
		}, () -> {
		}, null);
	}

	/**
	 * @param changed told after the state or the draining flag changed; called while this
	 * instance is locked, so it must only hand the news on
	 * @param released told after each request on it ends, so that a request waiting for
	 * room under the concurrency limit can go
	 * @param concurrencyLimit its adaptive limit on requests in flight, or null for none
	 */
	Instance(URI url, int weight, Runnable changed, Runnable released, ConcurrencyLimit concurrencyLimit) {
		this.url = url;
		this.weight = weight;
		this.id = url.getAuthority();
		this.changed = changed;
		this.released = released;
		this.concurrencyLimit = concurrencyLimit;
	}

	public URI url() {
		return this.url;
	}

	public String id() {
		return this.id;
	}

	public int weight() {
		return this.weight;
	}

	public State state() {
		return this.state;
	}

	public Instant lastStateChange() {
		return this.lastStateChange;
	}

	public Instant ejectedUntil() {
		return this.ejectedUntil;
	}

	/**
	 * When it last became healthy from unhealthy (first admitted, or back after failing
	 * its checks): a process that may be cold, which slow start ramps up. Not moved by a
	 * return from an ejection. {@link Instant#EPOCH} until the first time.
	 */
	public Instant admittedAt() {
		return this.admittedAt;
	}

	/**
	 * Why the last ejection happened, with the figure that caused it; empty until the
	 * first.
	 */
	public String ejectionReason() {
		return this.ejectionReason;
	}

	public int inFlight() {
		return this.inFlight.get();
	}

	public long requests() {
		return this.requests.get();
	}

	public long errors() {
		return this.errors.get();
	}

	/**
	 * How long this instance takes to answer, as peak EWMA estimates it from the answers
	 * so far (for {@code p2c-ewma}).
	 */
	public double latencyEstimateNanos(long nowNanos) {
		return this.latency.estimate(nowNanos);
	}

	/**
	 * One answer took this long; {@code nowNanos} on {@link System#nanoTime()}'s clock.
	 */
	void latencyObserved(long latencyNanos, long nowNanos) {
		this.latency.observe(latencyNanos, nowNanos);
	}

	/**
	 * Whether another request may be sent now: always without a concurrency limit, else
	 * while its requests in flight are under the limit.
	 */
	public boolean hasRoom() {
		return this.concurrencyLimit == null || this.inFlight.get() < this.concurrencyLimit.limit();
	}

	/** Its adaptive concurrency limit now; 0 when there is none. */
	public int concurrencyLimit() {
		return (this.concurrencyLimit != null) ? this.concurrencyLimit.limit() : 0;
	}

	public boolean isAvailable() {
		return this.state == State.HEALTHY;
	}

	/**
	 * Whether the last health check reached a live process: an HTTP answer, even "not
	 * ready" (it can serve what does not need the dependency it waits for), or a
	 * connection that was accepted but answered too slowly (overloaded, not dead). False
	 * when the connection was refused, reset or never made.
	 */
	public boolean isAnswering() {
		return this.answering;
	}

	void answered(boolean answering) {
		this.answering = answering;
	}

	/**
	 * Whether the replica said it is shutting down (readiness OUT_OF_SERVICE) rather than
	 * failing: it finishes what it has and leaves on its own.
	 */
	public boolean isDraining() {
		return this.draining;
	}

	void draining(boolean draining) {
		if (this.draining != draining) {
			this.draining = draining;
			this.changed.run();
		}
	}

	/** The application version the replica reports, empty until it has answered. */
	public String version() {
		return this.version;
	}

	void identify(String id, String version) {
		if (id != null && !id.isBlank()) {
			this.id = id;
		}
		if (version != null) {
			this.version = version;
		}
	}

	/**
	 * A request starts on this instance: it is counted in flight until its
	 * {@link Attempt} ends.
	 */
	public Attempt begin() {
		int inFlight = this.inFlight.incrementAndGet();
		this.requests.incrementAndGet();
		return new Attempt(this, inFlight);
	}

	/**
	 * One request on this instance. It ends once, however many ways it can end (an
	 * answer, an error, the client giving up and cancelling), so that the in-flight
	 * count, which least-requests balancing and the autoscaler read, neither leaks nor
	 * goes below what is really in flight.
	 */
	public static final class Attempt {

		private final Instance instance;

		private final AtomicBoolean ended = new AtomicBoolean();

		private final long startedAt = System.nanoTime();

		private final int inFlightAtStart;

		private Attempt(Instance instance, int inFlightAtStart) {
			this.instance = instance;
			this.inFlightAtStart = inFlightAtStart;
		}

		/**
		 * The request ended; {@code failed} when the instance could not answer properly.
		 * Only the first call counts.
		 */
		public void end(boolean failed) {
			if (finish()) {
				if (failed) {
					this.instance.errors.incrementAndGet();
				}
				// A failure counts as at least FAILURE_LATENCY: a replica that fails fast
				// must not look like the fastest to p2c-ewma.
				long now = System.nanoTime();
				long took = now - this.startedAt;
				this.instance.latencyObserved(failed ? Math.max(took, FAILURE_LATENCY_NANOS) : took, now);
				if (!failed && this.instance.concurrencyLimit != null) {
					this.instance.concurrencyLimit.sample(took, this.inFlightAtStart);
				}
			}
		}

		/**
		 * The client went away before the answer: not the instance's failure, and no
		 * latency to learn from.
		 */
		public void abandon() {
			finish();
		}

		/** Takes the request out of the in-flight count, the first time only. */
		private boolean finish() {
			if (!this.ended.compareAndSet(false, true)) {
				return false;
			}
			this.instance.inFlight.decrementAndGet();
			this.instance.released.run();
			return true;
		}

	}

	/**
	 * What real traffic got from this instance, for the outlier detector's window;
	 * recorded by {@link #trafficError} and {@link #trafficSucceeded}.
	 */
	void outcome(boolean failed) {
		this.windowRequests.incrementAndGet();
		if (failed) {
			this.windowFailures.incrementAndGet();
		}
	}

	/**
	 * The outcomes since the window opened, and a new window from now on; or, while they
	 * are fewer than {@code enough} and the window is younger than {@code longest}, an
	 * empty window and the outcomes kept, so that a replica with little traffic, or one
	 * just back from an ejection, is judged as soon as its outcomes can prove something
	 * rather than on the counts of one interval only.
	 */
	Window takeWindow(long enough, Duration longest, Instant now) {
		if (this.windowRequests.get() < enough && now.isBefore(this.windowOpened.plus(longest))) {
			return new Window(0, 0);
		}
		this.windowOpened = now;
		long failures = this.windowFailures.getAndSet(0);
		long requests = this.windowRequests.getAndSet(0);
		return new Window(Math.max(requests, failures), failures);
	}

	/** Requests and failures of one outlier-detection window. */
	record Window(long requests, long failures) {

		double failurePercent() {
			return (this.requests == 0) ? 0 : 100.0 * this.failures / this.requests;
		}

		double successRate() {
			return 100.0 - failurePercent();
		}

	}

	synchronized void checkPassed(int healthyThreshold, Instant now) {
		this.consecutiveCheckFailures = 0;
		this.consecutiveCheckSuccesses++;
		if (this.state == State.UNHEALTHY && this.consecutiveCheckSuccesses >= healthyThreshold) {
			moveTo(State.HEALTHY, now);
		}
		else if (this.state == State.EJECTED && !now.isBefore(this.ejectedUntil)) {
			moveTo(State.HEALTHY, now);
		}
	}

	synchronized void checkFailed(int unhealthyThreshold, Instant now) {
		this.consecutiveCheckSuccesses = 0;
		this.consecutiveCheckFailures++;
		if (this.state != State.UNHEALTHY && this.consecutiveCheckFailures >= unhealthyThreshold) {
			moveTo(State.UNHEALTHY, now);
		}
	}

	/** Real traffic could not connect: the instance is gone, eject it now. */
	synchronized void connectionFailed(GatewayProperties.Outlier outlier, Instant now) {
		eject(outlier, now, "a connection to it was refused or timed out");
	}

	/**
	 * A 5xx other than 503, a timeout or a reset from real traffic. (A 503 is neither an
	 * error nor a success here: see LoadBalancingFilter.)
	 */
	synchronized void trafficError(GatewayProperties.Outlier outlier, Instant now) {
		outcome(true);
		if (++this.consecutiveTrafficErrors >= outlier.consecutiveErrors()) {
			eject(outlier, now, this.consecutiveTrafficErrors + " requests in a row failed");
		}
	}

	/**
	 * The outlier detector judged this instance's outcomes and found it an outlier.
	 * @return whether it was ejected (it was healthy)
	 */
	synchronized boolean ejectAsOutlier(GatewayProperties.Outlier outlier, Instant now, String reason) {
		boolean healthy = this.state == State.HEALTHY;
		eject(outlier, now, reason);
		return healthy;
	}

	/**
	 * An interval spent healthy without a failure: the next ejection is shorter again
	 * (Envoy lowers its ejection multiplier the same way).
	 */
	synchronized void stayedClean() {
		if (this.state == State.HEALTHY && this.ejections > 0) {
			this.ejections--;
		}
	}

	synchronized void trafficSucceeded() {
		outcome(false);
		this.consecutiveTrafficErrors = 0;
	}

	private void eject(GatewayProperties.Outlier outlier, Instant now, String reason) {
		this.consecutiveTrafficErrors = 0;
		if (this.state != State.HEALTHY) {
			return;
		}
		long factor = 1L << Math.min(this.ejections, 10);
		Duration length = outlier.baseEjectionTime().multipliedBy(factor);
		if (length.compareTo(outlier.maxEjectionTime()) > 0) {
			length = outlier.maxEjectionTime();
		}
		long jitter = outlier.ejectionJitter().toMillis();
		if (jitter > 0) {
			length = length.plusMillis(ThreadLocalRandom.current().nextLong(jitter + 1));
		}
		this.ejections++;
		this.ejectedUntil = now.plus(length);
		this.ejectionReason = reason;
		// What it did before the ejection is judged; after it, it starts afresh.
		this.windowRequests.set(0);
		this.windowFailures.set(0);
		this.windowOpened = now;
		// A healthy streak must be earned again after an ejection.
		this.consecutiveCheckSuccesses = 0;
		moveTo(State.EJECTED, now);
	}

	private void moveTo(State next, Instant now) {
		if (this.state != next) {
			if (this.state == State.UNHEALTHY && next == State.HEALTHY) {
				this.admittedAt = now;
			}
			this.state = next;
			this.lastStateChange = now;
			this.changed.run();
		}
	}

	@Override
	public String toString() {
		return this.id + "(" + this.url + ", " + this.state + ")";
	}

}
