package dev.scaleout.app.inventory;

import java.time.Instant;
import java.util.Map;

/**
 * A confirmed checkout.
 *
 * @param id the order id
 * @param user who bought
 * @param items quantities by SKU
 * @param status always {@code CONFIRMED}: rejected checkouts record no order
 * @param instance the replica that took it
 * @param createdAt when
 */
public record Order(String id, String user, Map<String, Integer> items, String status, String instance,
		Instant createdAt) {
}
