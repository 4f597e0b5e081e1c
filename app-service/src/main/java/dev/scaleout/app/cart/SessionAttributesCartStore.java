package dev.scaleout.app.cart;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * {@code app.cart.store=session-attributes}: one session attribute per line
 * ({@code cart:KB-101} = 2), so that a store which saves only the attributes a request
 * set ({@code redis} with Spring Session's {@code SaveMode.ON_SET_ATTRIBUTE}, Tomcat's
 * {@code DeltaManager} in {@code cluster}) writes one line, not the whole cart. Kept for
 * the experiment that compares it with the shared cart: it needs an HttpSession (not
 * {@code jwt}), a line changed by two tabs at once is last-write-wins without a version
 * to check, and checkout's "only if still as ordered" is a read and a write, not one
 * step.
 */
class SessionAttributesCartStore implements CartStore {

	static final String PREFIX = "cart:";

	@Override
	public String name() {
		return "session-attributes";
	}

	@Override
	public Cart get(HttpServletRequest request) {
		return Cart.ofContent(lines(request.getSession(false)));
	}

	@Override
	public Cart put(String sku, int quantity, IfMatch ifMatch, HttpServletRequest request,
			HttpServletResponse response) {
		HttpSession session = checked(ifMatch, request);
		session.setAttribute(PREFIX + sku, quantity);
		return Cart.ofContent(lines(session));
	}

	@Override
	public Cart remove(String sku, IfMatch ifMatch, HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = checked(ifMatch, request);
		if (session.getAttribute(PREFIX + sku) != null) {
			session.removeAttribute(PREFIX + sku);
		}
		return Cart.ofContent(lines(session));
	}

	@Override
	public void checkedOut(Map<String, Integer> ordered, HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		ordered.forEach((sku, quantity) -> {
			if (quantity.equals(session.getAttribute(PREFIX + sku))) {
				session.removeAttribute(PREFIX + sku);
			}
		});
	}

	@Override
	public void discard(HttpServletRequest request, HttpServletResponse response) {
		// The attributes end with the session.
	}

	private static HttpSession checked(IfMatch ifMatch, HttpServletRequest request) {
		HttpSession session = request.getSession(true);
		if (!ifMatch.accepts(Cart.ofContent(lines(session)).version())) {
			throw new CartChangedException(ifMatch);
		}
		return session;
	}

	private static Map<String, Integer> lines(HttpSession session) {
		if (session == null) {
			return Map.of();
		}
		Map<String, Integer> lines = new TreeMap<>();
		for (String name : Collections.list(session.getAttributeNames())) {
			if (name.startsWith(PREFIX) && session.getAttribute(name) instanceof Integer quantity) {
				lines.put(name.substring(PREFIX.length()), quantity);
			}
		}
		return lines;
	}

}
