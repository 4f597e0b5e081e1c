package dev.scaleout.app.inventory;

import dev.scaleout.app.system.StoreUnavailableException;

/**
 * The lease ran out before the write and a newer holder exists: nothing was written. Only
 * a fenced guard ({@code redlock}, {@code fenced}) can tell; a plain lock writes anyway.
 */
class StaleLockException extends StoreUnavailableException {

	StaleLockException() {
		super("The stock lock expired before the write (a newer holder exists); nothing was changed, retry.");
	}

}
