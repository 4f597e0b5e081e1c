package dev.scaleout.app.session;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Asks a new visitor to show that it keeps cookies before the server keeps a session for
 * it. A browser returns the check cookie with its next request and gets its session then;
 * a client that never returns cookies (a crawler, a health checker, a load generator, a
 * bot) gets a new check cookie every time and never costs the store a byte.
 * <p>
 * The cookie is not signed: it claims nothing but "I came before", worth nothing to
 * forge. A bot that replays it does get sessions; those are anonymous, so they live only
 * {@code app.session.anonymous.idle-timeout}, and the store's memory bound evicts them
 * first (see the README, "Anonymous traffic and the session store").
 */
final class CookieCheck {

	static final String COOKIE = "SCALEOUT_COOKIES";

	private static final String PASSED = "1";

	/**
	 * Long enough for a person to click again; a browser that waits longer just asks
	 * again.
	 */
	private static final Duration MAX_AGE = Duration.ofMinutes(10);

	private CookieCheck() {
	}

	/** Whether the request returned the check cookie that an earlier answer set. */
	static boolean passed(HttpServletRequest request) {
		return PASSED.equals(SessionCookies.value(request, COOKIE));
	}

	static void ask(HttpServletRequest request, HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, SessionCookies.of(COOKIE, PASSED, MAX_AGE, request).toString());
	}

	/** The session now carries the client: the check cookie has done its work. */
	static void clear(HttpServletRequest request, HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, SessionCookies.of(COOKIE, "", Duration.ZERO, request).toString());
	}

}
