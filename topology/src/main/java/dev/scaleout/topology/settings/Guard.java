package dev.scaleout.topology.settings;

/** What keeps checkout from overselling: {@code app.inventory.guard}. */
public enum Guard {

	/** Redlock over independent lock nodes, fenced. */
	REDLOCK,
	/** One Lua script checks and decrements: no lock. */
	ATOMIC,
	/** Nothing: oversells under contention, for the demonstration. */
	NONE

}
