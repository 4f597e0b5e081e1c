package dev.scaleout.app.session;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseCookie;

/**
 * The cookies the session stores set themselves (the token, the cookie check): HttpOnly,
 * SameSite=Lax, the whole site, Secure when the request came over TLS.
 */
final class SessionCookies {

	private SessionCookies() {
	}

	static ResponseCookie of(String name, String value, Duration maxAge, HttpServletRequest request) {
		return ResponseCookie.from(name, value)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

	/** The value of the request's cookie of this name, or {@code null}. */
	static String value(HttpServletRequest request, String name) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (name.equals(cookie.getName())) {
				return cookie.getValue();
			}
		}
		return null;
	}

}
