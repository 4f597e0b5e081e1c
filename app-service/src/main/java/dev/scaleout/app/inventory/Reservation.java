package dev.scaleout.app.inventory;

import java.util.List;
import java.util.SortedMap;

/**
 * Takes the stock a cart needs, all lines or none: one implementation per guard.
 */
interface Reservation {

	/**
	 * @param lines quantities by SKU, sorted by SKU (the order locks are taken in)
	 * @return the SKUs that were short; empty when every line was taken
	 * @throws dev.scaleout.app.system.StoreUnavailableException when the guard cannot be
	 * had (no lock quorum) or a stale holder was fenced off; nothing was written
	 */
	List<String> reserve(SortedMap<String, Integer> lines);

}
