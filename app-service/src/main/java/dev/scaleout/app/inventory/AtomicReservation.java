package dev.scaleout.app.inventory;

import java.util.List;
import java.util.SortedMap;

/**
 * No lock: one Lua script checks and decrements every line inside Redis, which runs it
 * atomically. The right answer whenever the whole critical section lives in one Redis.
 */
class AtomicReservation implements Reservation {

	private final StockStore stock;

	AtomicReservation(StockStore stock) {
		this.stock = stock;
	}

	@Override
	public List<String> reserve(SortedMap<String, Integer> lines) {
		return this.stock.checkAndDecrement(lines);
	}

}
