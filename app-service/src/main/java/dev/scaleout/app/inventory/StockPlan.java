package dev.scaleout.app.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The read and the check of a read-check-write: the stock each line leaves, or the SKUs
 * that are short. Every guard that reads before it writes plans the same way; they differ
 * in what protects the write.
 *
 * @param shortSkus the SKUs with less stock than their line asks; empty when all have
 * enough
 * @param remaining the stock each SKU keeps after its line, in SKU order
 */
record StockPlan(List<String> shortSkus, Map<String, Long> remaining) {

	static StockPlan read(StockStore stock, SortedMap<String, Integer> lines) {
		List<String> skus = List.copyOf(lines.keySet());
		List<Long> levels = stock.stocks(skus);
		List<String> shortSkus = new ArrayList<>();
		Map<String, Long> remaining = new LinkedHashMap<>();
		for (int i = 0; i < skus.size(); i++) {
			long left = levels.get(i) - lines.get(skus.get(i));
			if (left < 0) {
				shortSkus.add(skus.get(i));
			}
			remaining.put(skus.get(i), left);
		}
		return new StockPlan(List.copyOf(shortSkus), remaining);
	}

	boolean isShort() {
		return !this.shortSkus.isEmpty();
	}

}
