package dev.scaleout.app.cart;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Where the cart of the request's session lives, chosen by {@code app.cart.store}.
 * <p>
 * The cart is what many requests of one user change, from several tabs at once, so it is
 * not kept as part of a session that is loaded, changed and saved whole: the last save
 * would win and the other tabs' changes, already answered 200, would be gone. The default
 * store ({@code shared}) changes one line at a time, atomically, and versions the cart;
 * {@code session} (the whole cart in the session, as before) and
 * {@code session-attributes} (one session attribute per line: Spring Session's delta
 * saving) stay one switch away, for the experiment that measures what they lose.
 */
public interface CartStore {

	/**
	 * The name of the layout: {@code shared}, {@code session},
	 * {@code session-attributes}.
	 */
	String name();

	Cart get(HttpServletRequest request);

	/**
	 * Sets one line's quantity.
	 * @return the cart right after this change
	 * @throws org.springframework.web.ErrorResponseException 412 when {@code ifMatch}
	 * does not accept the cart's version; nothing is changed then
	 */
	Cart put(String sku, int quantity, IfMatch ifMatch, HttpServletRequest request, HttpServletResponse response);

	/** Removes one line (absent already: nothing changes); 412 as {@link #put}. */
	Cart remove(String sku, IfMatch ifMatch, HttpServletRequest request, HttpServletResponse response);

	/**
	 * The lines of an order leave the cart once it is confirmed: each only if it is still
	 * as ordered, so a line added or changed while the checkout ran stays in the cart.
	 */
	void checkedOut(Map<String, Integer> ordered, HttpServletRequest request, HttpServletResponse response);

	/** Logout: the cart ends with the session. */
	void discard(HttpServletRequest request, HttpServletResponse response);

}
