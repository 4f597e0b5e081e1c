package dev.scaleout.app.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Everything a user's session holds, whatever stores it: who they are, how many times
 * they called whoami, and which cart is theirs. Immutable: every change makes a new value
 * that the {@link SessionStore} saves whole, so two requests of one session that change
 * it at once race: the last save wins (see {@code cart.CartStore} for why the cart itself
 * is not kept here). Stored as JSON ({@link SessionJson}), so that two versions of the
 * app can share it.
 *
 * @param user the user name, or {@code null} when anonymous
 * @param roles the user's roles (without the {@code ROLE_} prefix)
 * @param visits how many times whoami was called in this session
 * @param lastVisit the request id ({@code X-Request-Id}) of the visit counted last, or
 * {@code null}: a repeat of that request is not counted again
 * @param cart quantities by SKU, sorted by SKU: only for {@code app.cart.store=session},
 * the naive layout; empty otherwise
 * @param cartId the id of this session's cart in the shared cart store, given at login
 * and kept across later logins of the session
 * @param more fields that another version of the app wrote and this one does not know,
 * kept as they came so that saving the session here does not take them from it
 */
public record SessionData(String user, List<String> roles, long visits, String lastVisit, Map<String, Integer> cart,
		String cartId, Map<String, Object> more) {

	public SessionData {
		roles = (roles != null) ? List.copyOf(roles) : List.of();
		cart = Collections.unmodifiableSortedMap(new TreeMap<>((cart != null) ? cart : Map.of()));
		more = Collections.unmodifiableMap(new LinkedHashMap<>((more != null) ? more : Map.of()));
	}

	public static SessionData anonymous() {
		return new SessionData(null, List.of(), 0, null, Map.of(), null, Map.of());
	}

	public boolean isAuthenticated() {
		return this.user != null;
	}

	/**
	 * One more visit, unless this very request was counted already. The gateway repeats a
	 * GET cut off by a dying replica on another one, with the same request id; the dying
	 * one may have saved its visit before it died, and counting it again would show the
	 * user a visit they never made.
	 * @param requestId the request's id, or {@code null} when it has none
	 */
	public SessionData withVisit(String requestId) {
		if (requestId != null && requestId.equals(this.lastVisit)) {
			return this;
		}
		return new SessionData(this.user, this.roles, this.visits + 1, requestId, this.cart, this.cartId, this.more);
	}

	/**
	 * Logged in: the session keeps its visits and its cart (a first login gives it a cart
	 * id).
	 */
	public SessionData withUser(String user, List<String> roles) {
		return new SessionData(user, roles, this.visits, this.lastVisit, this.cart,
				(this.cartId != null) ? this.cartId : UUID.randomUUID().toString(), this.more);
	}

	public SessionData withCartItem(String sku, int quantity) {
		Map<String, Integer> items = new TreeMap<>(this.cart);
		items.put(sku, quantity);
		return new SessionData(this.user, this.roles, this.visits, this.lastVisit, items, this.cartId, this.more);
	}

	public SessionData withoutCartItem(String sku) {
		Map<String, Integer> items = new TreeMap<>(this.cart);
		items.remove(sku);
		return new SessionData(this.user, this.roles, this.visits, this.lastVisit, items, this.cartId, this.more);
	}

	public SessionData withEmptyCart() {
		return new SessionData(this.user, this.roles, this.visits, this.lastVisit, Map.of(), this.cartId, this.more);
	}

}
