package dev.scaleout.loadtests;

import java.util.List;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.CookieKey;
import static io.gatling.javaapi.http.HttpDsl.getCookieValue;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The steps a browser-like user takes: the CSRF handshake, login, whoami and the cart.
 * Each virtual user has its own cookie jar, so it carries its session like a browser.
 */
final class Journeys {

	static final List<String> SKUS = List.of("KB-101", "MS-102", "MN-103", "HS-104", "WC-105");

	/** Sends of one cart change at most: the first, and retries after a 412. */
	static final int CART_ATTEMPTS = 3;

	private Journeys() {
	}

	static HttpProtocolBuilder protocol() {
		return http.baseUrl(LoadSettings.baseUrl())
			.acceptHeader("application/json")
			.contentTypeHeader("application/json")
			.shareConnections();
	}

	/** whoami hands out the XSRF-TOKEN cookie; login must echo it in X-XSRF-TOKEN. */
	static ChainBuilder login() {
		return exec(http("whoami (anonymous)").get("/api/whoami").check(status().is(200))).exec(csrfToken())
			.exec(http("login").post("/api/login")
				.header("X-XSRF-TOKEN", "#{xsrf}")
				.body(StringBody("{\"username\":\"#{user}\",\"password\":\"password\"}"))
				.check(status().is(200)))
			.exec(csrfToken())
			// The baseline the next visits are counted from.
			.exec(http("whoami (logged in)").get("/api/whoami")
				.check(status().is(200), jsonPath("$.visits").ofLong().saveAs("visits")))
			// No version seen yet: the first change applies to whatever the cart is.
			.exec((session) -> session.set("expectedItems", 0).set("cartRound", 0).set("cartVersion", "*"));
	}

	/**
	 * whoami: counts a visit. {@code strict}: a counter that is not the previous plus one
	 * (or a user gone anonymous) is a failed request; otherwise it is only counted.
	 */
	static ChainBuilder whoami(boolean strict) {
		var visits = jsonPath("$.visits").ofLong();
		return exec((session) -> session.remove("seenVisits").remove("seenUser")).exec(http("whoami").get("/api/whoami")
			.check(status().is(200),
					strict ? visits.is((session) -> session.getLong("visits") + 1).saveAs("seenVisits")
							: visits.saveAs("seenVisits"),
					jsonPath("$.user").optional().saveAs("seenUser"), responseTimeInMillis().saveAs("whoamiMillis")))
			.exec(Continuity::afterWhoami);
	}

	/**
	 * Adds the next of five SKUs (or sets it again), as a careful client does: with the
	 * cart's version it last saw in {@code If-Match}; a 412 (another tab changed the cart
	 * in between) is answered by reading the cart again and sending the change with the
	 * fresh version, at most {@value #CART_ATTEMPTS} sends in all. {@code strict}: the
	 * cart must hold every SKU added so far, or the request fails; otherwise
	 * {@link Continuity} counts.
	 */
	static ChainBuilder addToCart(boolean strict) {
		HttpRequestActionBuilder add = http("add to cart").put("/api/cart/items/#{sku}")
			.header("X-XSRF-TOKEN", "#{xsrf}")
			.header("If-Match", "#{cartVersion}")
			.body(StringBody("{\"quantity\":1}"))
			.check(status().in(200, 412).saveAs("cartStatus"), header("ETag").optional().saveAs("cartVersion"))
			.checkIf((response, session) -> response.status().code() == 200)
			.then(strict
					? List.of(jsonPath("$.items[*].sku").findAll().saveAs("seenSkus"),
							jsonPath("$.items[*]").count().isEL("#{expectedItems}"))
					: List.of(jsonPath("$.items[*].sku").findAll().saveAs("seenSkus")));
		ChainBuilder attempt = exec(
				(session) -> session.set("cartStatus", 0).set("cartAttempts", session.getInt("cartAttempts") + 1))
			.exec(add);
		return exec((session) -> session.remove("seenSkus")).exec((session) -> {
			int round = session.getInt("cartRound");
			return session.set("sku", SKUS.get(round % SKUS.size()))
				.set("cartRound", round + 1)
				.set("expectedItems", Math.min(round + 1, SKUS.size()))
				.set("cartAttempts", 0);
		})
			.exec(attempt)
			.asLongAs(
					(session) -> session.getInt("cartStatus") == 412 && session.getInt("cartAttempts") < CART_ATTEMPTS)
			.on(exec(http("view cart (fresh version)").get("/api/cart")
				.check(status().is(200), header("ETag").saveAs("cartVersion"))).exec(attempt))
			.exec(Continuity::afterCart);
	}

	static ChainBuilder csrfToken() {
		return exec(getCookieValue(CookieKey("XSRF-TOKEN").saveAs("xsrf")));
	}

}
