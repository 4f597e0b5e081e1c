package dev.scaleout.app.cart;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.scaleout.app.session.SessionData;
import dev.scaleout.app.session.SessionStore;

/**
 * {@code app.cart.store=session}, the naive layout kept for the experiment: the whole
 * cart inside the session ({@link SessionData#cart()}: one session attribute, or a claim
 * of the JWT), loaded, changed and saved whole by every request. Two tabs that change it
 * at once both read the same cart and the last save wins; the other change was answered
 * 200 and is gone. Its version is derived from the items, and {@code If-Match} is checked
 * against what this request loaded, which does not help: both tabs pass the check.
 */
class SessionCartStore implements CartStore {

	private final SessionStore sessions;

	SessionCartStore(SessionStore sessions) {
		this.sessions = sessions;
	}

	@Override
	public String name() {
		return "session";
	}

	@Override
	public Cart get(HttpServletRequest request) {
		return Cart.ofContent(this.sessions.load(request).cart());
	}

	@Override
	public Cart put(String sku, int quantity, IfMatch ifMatch, HttpServletRequest request,
			HttpServletResponse response) {
		SessionData session = checked(ifMatch, request).withCartItem(sku, quantity);
		this.sessions.save(session, request, response);
		return Cart.ofContent(session.cart());
	}

	@Override
	public Cart remove(String sku, IfMatch ifMatch, HttpServletRequest request, HttpServletResponse response) {
		SessionData session = checked(ifMatch, request).withoutCartItem(sku);
		this.sessions.save(session, request, response);
		return Cart.ofContent(session.cart());
	}

	/** As before: the cart this request loaded is emptied, whatever was added since. */
	@Override
	public void checkedOut(Map<String, Integer> ordered, HttpServletRequest request, HttpServletResponse response) {
		SessionData session = this.sessions.load(request);
		if (!session.cart().isEmpty()) {
			this.sessions.save(session.withEmptyCart(), request, response);
		}
	}

	@Override
	public void discard(HttpServletRequest request, HttpServletResponse response) {
		// It ends with the session it is part of.
	}

	private SessionData checked(IfMatch ifMatch, HttpServletRequest request) {
		SessionData session = this.sessions.load(request);
		if (!ifMatch.accepts(Cart.ofContent(session.cart()).version())) {
			throw new CartChangedException(ifMatch);
		}
		return session;
	}

}
