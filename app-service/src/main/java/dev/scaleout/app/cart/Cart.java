package dev.scaleout.app.cart;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A session's cart as one read saw it: quantities by SKU and the version they belong to,
 * which is the cart's {@code ETag}.
 *
 * @param items quantities by SKU, sorted by SKU
 * @param version changes with every change of the items; opaque to clients
 */
public record Cart(SortedMap<String, Integer> items, String version) {

	public Cart {
		items = Collections.unmodifiableSortedMap(new TreeMap<>(items));
	}

	public static Cart empty(String version) {
		return new Cart(new TreeMap<>(), version);
	}

	public boolean isEmpty() {
		return this.items.isEmpty();
	}

	/**
	 * A version derived from the items themselves, for the layouts that keep no counter
	 * (the cart inside the session): equal items, equal version.
	 */
	static Cart ofContent(Map<String, Integer> items) {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(items).forEach((sku, quantity) -> text.append(sku).append('x').append(quantity).append(','));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(text.toString().getBytes(StandardCharsets.UTF_8));
			return new Cart(new TreeMap<>(items), "h" + HexFormat.of().formatHex(digest, 0, 8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
