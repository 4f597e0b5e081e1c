package dev.scaleout.topology;

/** Pauses between the checks of a wait-until. */
final class Waiting {

	private Waiting() {
	}

	/**
	 * @throws IllegalStateException when interrupted, with the flag set again
	 */
	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
