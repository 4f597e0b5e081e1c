package dev.scaleout.topology.settings;

/** The layout of a replica's carts: {@code app.cart.store}. */
public enum CartStore {

	/** A Redis hash per cart, changed line by line by atomic scripts, versioned. */
	SHARED,
	/**
	 * The whole cart inside the session, saved whole: the naive layout that loses
	 * changes.
	 */
	SESSION,
	/**
	 * One session attribute per cart line: Spring Session's (and Tomcat's) delta saving.
	 */
	SESSION_ATTRIBUTES

}
