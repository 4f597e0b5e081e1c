package dev.scaleout.gateway.balancing;

/**
 * One replica's adaptive limit on requests in flight, sized as TCP Vegas sizes its window
 * (Netflix concurrency-limits' VegasLimit; see {@link GatewayProperties.Concurrency}).
 * The fastest answer seen is the replica's round trip without a queue;
 * {@code limit x (1 - fastest / this answer)} estimates the requests waiting in it. Below
 * {@code 3 log10(limit)} waiting the limit grows (by {@code 6 log10(limit)} when nothing
 * waits), above {@code 6 log10(limit)} it shrinks by {@code log10(limit)}. A replica kept
 * below half its limit proves nothing and leaves it as it is. The fastest answer is
 * forgotten now and then (after {@value #PROBE_MULTIPLIER} times the limit in answers),
 * so that one lucky answer, or a replica that got slower for good, does not hold the
 * limit down forever. Thread-safe.
 */
final class ConcurrencyLimit {

	/**
	 * VegasLimit's default: answers between two forgettings of the fastest, per unit of
	 * limit.
	 */
	static final int PROBE_MULTIPLIER = 30;

	private final GatewayProperties.Concurrency settings;

	private double limit;

	private long fastestNanos;

	private long sinceProbe;

	ConcurrencyLimit(GatewayProperties.Concurrency settings) {
		this.settings = settings;
		this.limit = settings.initialLimit();
	}

	/** How many requests may be in flight on the replica now. */
	synchronized int limit() {
		return (int) this.limit;
	}

	/**
	 * One answer took {@code rttNanos}, sent when {@code inFlight} requests (itself
	 * included) were in flight on the replica.
	 */
	synchronized void sample(long rttNanos, int inFlight) {
		long rtt = Math.max(1, rttNanos);
		if (++this.sinceProbe > PROBE_MULTIPLIER * (long) this.limit) {
			this.sinceProbe = 0;
			this.fastestNanos = rtt;
			return;
		}
		if (this.fastestNanos == 0 || rtt < this.fastestNanos) {
			this.fastestNanos = rtt;
			return;
		}
		if (inFlight * 2 < this.limit) {
			return;
		}
		double waiting = Math.ceil(this.limit * (1 - (double) this.fastestNanos / rtt));
		double log = Math.max(1, Math.log10(this.limit));
		double next;
		if (waiting <= log) {
			next = this.limit + 6 * log;
		}
		else if (waiting < 3 * log) {
			next = this.limit + log;
		}
		else if (waiting > 6 * log) {
			next = this.limit - log;
		}
		else {
			return;
		}
		this.limit = Math.max(this.settings.minLimit(), Math.min(this.settings.maxLimit(), next));
	}

}
