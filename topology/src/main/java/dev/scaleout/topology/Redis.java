package dev.scaleout.topology;

import java.time.Duration;

/** How the session store runs: one Redis, or a primary and a replica under Sentinels. */
public sealed interface Redis {

	/**
	 * Whether data survives a restart (an append-only file synced every second): the
	 * launcher's store is, a test's is not.
	 */
	boolean persistent();

	/** One Redis server. */
	static Redis standalone() {
		return new Standalone(false);
	}

	/**
	 * A primary and a replica watched by three Sentinels (quorum two); clients find the
	 * primary through the Sentinels.
	 * @param downAfter how long the primary must be silent before the Sentinels act
	 */
	static Redis sentinel(Duration downAfter) {
		return new Sentinel(downAfter, false);
	}

	/** The same, with data that survives a restart. */
	Redis withPersistence();

	record Standalone(boolean persistent) implements Redis {

		@Override
		public Redis withPersistence() {
			return new Standalone(true);
		}

	}

	record Sentinel(Duration downAfter, boolean persistent) implements Redis {

		@Override
		public Redis withPersistence() {
			return new Sentinel(this.downAfter, true);
		}

	}

}
