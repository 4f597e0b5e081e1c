package dev.scaleout.app.catalog;

import java.math.BigDecimal;

/**
 * An item of the catalog.
 *
 * @param sku the stock-keeping unit, e.g. {@code KB-101}
 * @param name what it is called
 * @param price its unit price
 */
public record Product(String sku, String name, BigDecimal price) {
}
