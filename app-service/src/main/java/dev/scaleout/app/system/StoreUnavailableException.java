package dev.scaleout.app.system;

import java.time.Duration;

/**
 * A backing store (session store, lock quorum, object storage) cannot be reached; the
 * request is answered 503 and may be retried.
 */
public class StoreUnavailableException extends RuntimeException {

	/** A store that failed over or reconnects is back within a second or so. */
	static final Duration SHORTLY = Duration.ofSeconds(1);

	private final Duration retryAfter;

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
		this.retryAfter = SHORTLY;
	}

	public StoreUnavailableException(String message) {
		this(message, SHORTLY);
	}

	/**
	 * @param retryAfter when a retry can succeed, for the {@code Retry-After} header: a
	 * bound that frees only as sessions expire is not worth asking again every second
	 */
	public StoreUnavailableException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
