package dev.scaleout.app.system;

/**
 * A backing store (session store, lock quorum, object storage) cannot be reached; the
 * request is answered 503 and may be retried.
 */
public class StoreUnavailableException extends RuntimeException {

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public StoreUnavailableException(String message) {
		super(message);
	}

}
