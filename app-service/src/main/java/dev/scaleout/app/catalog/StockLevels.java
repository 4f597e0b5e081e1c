package dev.scaleout.app.catalog;

import java.util.List;

/**
 * What the catalog shows of stock: the level of each SKU, as the shared store has it. The
 * catalog owns the question and inventory answers it ({@code inventory.StockStore}), so
 * inventory may use the catalog without the catalog needing inventory.
 */
public interface StockLevels {

	/** The units in stock, 0 for a SKU that has none recorded. */
	long stock(String sku);

	/** The units in stock of each SKU, in the order asked, in one round trip. */
	List<Long> stocks(List<String> skus);

}
