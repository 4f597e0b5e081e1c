package dev.scaleout.app.session;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a user's session holds, whatever stores it: who they are, how many times
 * they called whoami, and their cart (SKU to quantity). Immutable: every change makes a
 * new value that the {@link SessionStore} saves.
 *
 * @param user the user name, or {@code null} when anonymous
 * @param roles the user's roles (without the {@code ROLE_} prefix)
 * @param visits how many times whoami was called in this session
 * @param cart quantities by SKU, sorted by SKU
 */
public record SessionData(String user, List<String> roles, long visits,
		Map<String, Integer> cart) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionData {
		roles = (roles != null) ? List.copyOf(roles) : List.of();
		cart = Collections.unmodifiableSortedMap(new TreeMap<>((cart != null) ? cart : Map.of()));
	}

	public static SessionData anonymous() {
		return new SessionData(null, List.of(), 0, Map.of());
	}

	public boolean isAuthenticated() {
		return this.user != null;
	}

	public SessionData withVisit() {
		return new SessionData(this.user, this.roles, this.visits + 1, this.cart);
	}

	public SessionData withUser(String user, List<String> roles) {
		return new SessionData(user, roles, this.visits, this.cart);
	}

	public SessionData withCartItem(String sku, int quantity) {
		Map<String, Integer> items = new TreeMap<>(this.cart);
		items.put(sku, quantity);
		return new SessionData(this.user, this.roles, this.visits, items);
	}

	public SessionData withoutCartItem(String sku) {
		Map<String, Integer> items = new TreeMap<>(this.cart);
		items.remove(sku);
		return new SessionData(this.user, this.roles, this.visits, items);
	}

	public SessionData withEmptyCart() {
		return new SessionData(this.user, this.roles, this.visits, Map.of());
	}

}
