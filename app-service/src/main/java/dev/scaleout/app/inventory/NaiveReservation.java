package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.ArrayList;
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
		List<String> skus = List.copyOf(lines.keySet());
		List<Long> levels = this.stock.stocks(skus);
		List<String> shortSkus = new ArrayList<>();
		for (int i = 0; i < skus.size(); i++) {
			if (levels.get(i) < lines.get(skus.get(i))) {
				shortSkus.add(skus.get(i));
			}
		}
		if (!shortSkus.isEmpty()) {
			return shortSkus;
		}
		Pause.of(this.criticalSectionDelay);
		for (int i = 0; i < skus.size(); i++) {
			this.stock.setStock(skus.get(i), levels.get(i) - lines.get(skus.get(i)));
		}
		return List.of();
	}

}
