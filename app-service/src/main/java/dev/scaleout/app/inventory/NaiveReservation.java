package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.List;
import java.util.SortedMap;

/**
 * Read, check, write, with nothing in between: two replicas both read "5 left" and both
 * sell. Exists to show the oversell; never the default.
 */
class NaiveReservation implements Reservation {

	private final StockStore stock;

	private final Duration criticalSectionDelay;

	NaiveReservation(StockStore stock, Duration criticalSectionDelay) {
		this.stock = stock;
		this.criticalSectionDelay = criticalSectionDelay;
	}

	@Override
	public List<String> reserve(SortedMap<String, Integer> lines) {
		StockPlan plan = StockPlan.read(this.stock, lines);
		if (plan.isShort()) {
			return plan.shortSkus();
		}
		Pause.of(this.criticalSectionDelay);
		this.stock.write(plan.remaining());
		return List.of();
	}

}
