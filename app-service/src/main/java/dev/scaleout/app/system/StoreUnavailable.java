package dev.scaleout.app.system;

import io.lettuce.core.RedisException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;

/**
 * Recognises the failures that mean "a backing store is unreachable right now", the ones
 * answered with 503 rather than 500.
 */
public final class StoreUnavailable {

	private StoreUnavailable() {
	}

	public static boolean isCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
					|| t instanceof RedisSystemException || t instanceof RedisException
					|| t instanceof StoreUnavailableException) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

}
