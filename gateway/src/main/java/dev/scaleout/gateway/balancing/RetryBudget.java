package dev.scaleout.gateway.balancing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Envoy's retry budget for one pool: retries after failed answers may be at most a share
 * of the requests in flight (or a small floor), so that a fleet failing everything gets
 * about as many requests as its clients send rather than {@code attempts} times as many.
 * Retries of requests that never reached a live replica (a refused connection, a replica
 * killed mid-answer) do not draw on it: they add no work to the replicas left.
 */
final class RetryBudget {

	private final GatewayProperties.Budget budget;

	private final AtomicInteger active = new AtomicInteger();

	private final AtomicInteger retrying = new AtomicInteger();

	RetryBudget(GatewayProperties.Budget budget) {
		this.budget = budget;
	}

	void requestStarted() {
		this.active.incrementAndGet();
	}

	void requestEnded() {
		this.active.decrementAndGet();
	}

	/**
	 * Takes a place for one retry, to be given back with {@link #retryEnded()}.
	 * @return false when the budget is spent: the failed answer goes to the client
	 */
	boolean tryStartRetry() {
		if (!this.budget.enabled()) {
			this.retrying.incrementAndGet();
			return true;
		}
		while (true) {
			int retrying = this.retrying.get();
			if (retrying >= allowed()) {
				return false;
			}
			if (this.retrying.compareAndSet(retrying, retrying + 1)) {
				return true;
			}
		}
	}

	void retryEnded() {
		this.retrying.decrementAndGet();
	}

	/** Retries that may be in flight now. */
	int allowed() {
		return Math.max(this.budget.minConcurrency(), this.active.get() * this.budget.percent() / 100);
	}

	int retrying() {
		return this.retrying.get();
	}

}
