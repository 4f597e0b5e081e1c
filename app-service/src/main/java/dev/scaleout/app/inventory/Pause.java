package dev.scaleout.app.inventory;

import java.time.Duration;

/**
 * Simulated work inside a critical section.
 */
final class Pause {

	private Pause() {
	}

	static void of(Duration duration) {
		if (duration.isZero() || duration.isNegative()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
