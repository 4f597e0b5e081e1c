package dev.scaleout.topology.settings;

/** What keeps checkout from overselling: {@code app.inventory.guard}. */
public enum Guard {

	/** Redlock over independent lock nodes, fenced. */
	REDLOCK,
	/** Redisson's RLock on one Redis (the first lock node), unfenced. */
	RLOCK,
	/** Redisson's RFencedLock on one Redis, its token checked by the stock write. */
	FENCED,
	/** One Lua script checks and decrements: no lock. */
	ATOMIC,
	/** Nothing: oversells under contention, for the demonstration. */
	NONE

}
