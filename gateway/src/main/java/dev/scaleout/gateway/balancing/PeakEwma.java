package dev.scaleout.gateway.balancing;

/**
 * An instance's latency as Finagle's and Linkerd's peak-EWMA balancers estimate it: a
 * slower answer than the estimate replaces it at once (the peak), a faster one pulls it
 * down gradually, and without answers it decays with time so that an instance once slow
 * is tried again. Thread-safe.
 */
final class PeakEwma {

	/** How fast the estimate forgets: Linkerd's default decay of 10 s. */
	static final long DECAY_NANOS = 10_000_000_000L;

	/**
	 * The estimate of an instance never measured: a guess of 1 ms, low enough that a new
	 * replica is tried, so that it is measured.
	 */
	static final double UNMEASURED_NANOS = 1_000_000;

	private double estimateNanos = UNMEASURED_NANOS;

	private long updatedAt;

	private boolean measured;

	synchronized void observe(long latencyNanos, long nowNanos) {
		double decayed = decayed(nowNanos);
		if (!this.measured || latencyNanos > decayed) {
			this.estimateNanos = latencyNanos;
		}
		else {
			double weight = Math.exp(-(double) (nowNanos - this.updatedAt) / DECAY_NANOS);
			this.estimateNanos = this.estimateNanos * weight + latencyNanos * (1 - weight);
		}
		this.measured = true;
		this.updatedAt = nowNanos;
	}

	/** The estimate now, in nanoseconds. */
	synchronized double estimate(long nowNanos) {
		return decayed(nowNanos);
	}

	private double decayed(long nowNanos) {
		if (!this.measured) {
			return UNMEASURED_NANOS;
		}
		long idle = Math.max(0, nowNanos - this.updatedAt);
		return this.estimateNanos * Math.exp(-(double) idle / DECAY_NANOS);
	}

}
