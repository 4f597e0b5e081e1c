package dev.scaleout.app.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;

/**
 * The session in an HS256-signed token in an HttpOnly cookie: no replica keeps it. Every
 * change re-issues the token with a fresh expiry (sliding). A token that does not verify
 * for any reason (tampered, unsigned, foreign key, expired, oversized) is simply no
 * session. Logout deny-lists the token's id in Redis until it would expire, because a
 * signed token cannot be taken back otherwise.
 * <p>
 * The token holds what is written once and then only read: the token id, the user and
 * roles, the cart's id, the user's revocation epoch when it was issued. Two tabs that
 * change the token at once each get a new one, and the browser keeps whichever answer
 * came last: nothing can merge them. So the cart lives in the shared cart store, and only
 * the visits counter (the demonstration of that race) and, with
 * {@code app.cart.store=session}, the naive cart travel in it.
 */
class JwtSessionStore implements SessionStore {

	static final String COOKIE = "SESSION_TOKEN";

	static final int MIN_SECRET_BYTES = 32;

	private static final Logger log = LoggerFactory.getLogger(JwtSessionStore.class);

	private static final String LOADED = JwtSessionStore.class.getName() + ".loaded";

	/**
	 * The claims this version reads and writes; any other one (added by another version)
	 * is kept in {@link SessionData#more()} and issued again.
	 */
	private static final Set<String> OWN_CLAIMS = Set.of("jti", "sub", "iat", "exp", "nbf", "iss", "aud", "roles",
			"visits", "lastVisit", "cart", "cartId", "epoch");

	private final SecretKey key;

	private final JwtParser parser;

	private final Duration idleTimeout;

	private final int maxTokenBytes;

	private final TokenRevocations revocations;

	private final Clock clock;

	JwtSessionStore(SessionProperties properties, TokenRevocations revocations, Clock clock) {
		this.key = Keys.hmacShaKeyFor(properties.jwt().secret().getBytes(StandardCharsets.UTF_8));
		this.parser = Jwts.parser().verifyWith(this.key).clock(() -> Date.from(clock.instant())).build();
		this.idleTimeout = properties.idleTimeout();
		this.maxTokenBytes = properties.jwt().maxTokenBytes();
		this.revocations = revocations;
		this.clock = clock;
	}

	@Override
	public String name() {
		return "jwt";
	}

	@Override
	public boolean keepsServerState() {
		return false;
	}

	@Override
	public boolean hasSession(HttpServletRequest request) {
		return token(request).id() != null;
	}

	@Override
	public SessionData load(HttpServletRequest request) {
		return token(request).data();
	}

	@Override
	public void save(SessionData data, HttpServletRequest request, HttpServletResponse response) {
		Token current = token(request);
		issue(new Token((current.id() != null) ? current.id() : newId(), data, current.epoch()), request, response);
	}

	@Override
	public void saveWithNewId(SessionData data, HttpServletRequest request, HttpServletResponse response) {
		long epoch = (data.user() != null) ? this.revocations.epoch(data.user()) : 0;
		issue(new Token(newId(), data, epoch), request, response);
	}

	/** The id of the request's token, or {@code null} without one. */
	String tokenId(HttpServletRequest request) {
		return token(request).id();
	}

	/**
	 * Log out everywhere else: raises the user's epoch, so every token issued so far is
	 * refused, and issues this request's token again under the new one.
	 */
	void revokeOthers(HttpServletRequest request, HttpServletResponse response) {
		Token current = token(request);
		if (current.data().isAuthenticated()) {
			long epoch = this.revocations.raiseEpoch(current.data().user());
			issue(new Token(current.id(), current.data(), epoch), request, response);
		}
	}

	/** Ends one token (a session the limit pushed out). */
	void revoke(String tokenId) {
		this.revocations.deny(tokenId, this.idleTimeout);
	}

	@Override
	public void invalidate(HttpServletRequest request, HttpServletResponse response) {
		Token current = token(request);
		if (current.id() != null) {
			this.revocations.deny(current.id(), this.idleTimeout);
		}
		request.setAttribute(LOADED, Token.NONE);
		response.addHeader(HttpHeaders.SET_COOKIE, SessionCookies.of(COOKIE, "", Duration.ZERO, request).toString());
	}

	private Token token(HttpServletRequest request) {
		Object loaded = request.getAttribute(LOADED);
		if (loaded instanceof Token token) {
			return token;
		}
		Token token = parse(SessionCookies.value(request, COOKIE));
		request.setAttribute(LOADED, token);
		return token;
	}

	private Token parse(String value) {
		if (value == null || value.isEmpty()) {
			return Token.NONE;
		}
		if (value.length() > this.maxTokenBytes) {
			log.debug("Ignoring session token of {} bytes", value.length());
			return Token.NONE;
		}
		Claims claims;
		try {
			claims = this.parser.parseSignedClaims(value).getPayload();
		}
		catch (RuntimeException ex) {
			// jjwt rejects unsigned (alg none), foreign-key, tampered, malformed and
			// expired tokens here.
			log.debug("Ignoring invalid session token: {}", ex.toString());
			return Token.NONE;
		}
		Token token = toToken(claims);
		if (token.data().isAuthenticated()
				&& this.revocations.isRevoked(token.id(), token.data().user(), token.epoch())) {
			return Token.NONE;
		}
		return token;
	}

	private static Token toToken(Claims claims) {
		try {
			String user = claims.getSubject();
			List<String> roles = ((List<?>) claims.getOrDefault("roles", List.of())).stream()
				.map(String::valueOf)
				.toList();
			long visits = ((Number) claims.getOrDefault("visits", 0)).longValue();
			Map<String, Integer> cart = new LinkedHashMap<>();
			((Map<?, ?>) claims.getOrDefault("cart", Map.of()))
				.forEach((sku, quantity) -> cart.put(String.valueOf(sku), ((Number) quantity).intValue()));
			String cartId = (String) claims.get("cartId");
			String lastVisit = (String) claims.get("lastVisit");
			Map<String, Object> more = new LinkedHashMap<>();
			claims.forEach((name, value) -> {
				if (!OWN_CLAIMS.contains(name)) {
					more.put(name, value);
				}
			});
			long epoch = ((Number) claims.getOrDefault("epoch", 0)).longValue();
			return new Token(claims.getId(), new SessionData(user, roles, visits, lastVisit, cart, cartId, more),
					epoch);
		}
		catch (ClassCastException ex) {
			return Token.NONE;
		}
	}

	private void issue(Token token, HttpServletRequest request, HttpServletResponse response) {
		Instant now = this.clock.instant();
		SessionData data = token.data();
		// Claims another app version added come first, so this version's own win.
		var builder = Jwts.builder()
			.claims(data.more())
			.id(token.id())
			.subject(data.user())
			.claim("roles", data.roles())
			.claim("visits", data.visits())
			.claim("lastVisit", data.lastVisit())
			.claim("cartId", data.cartId())
			.claim("epoch", token.epoch());
		if (!data.cart().isEmpty()) {
			builder.claim("cart", data.cart());
		}
		String value = builder.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(this.idleTimeout)))
			.signWith(this.key, Jwts.SIG.HS256)
			.compact();
		request.setAttribute(LOADED, token);
		response.addHeader(HttpHeaders.SET_COOKIE,
				SessionCookies.of(COOKIE, value, this.idleTimeout, request).toString());
	}

	private static String newId() {
		return UUID.randomUUID().toString();
	}

	/**
	 * @param epoch the user's revocation epoch when the token was issued
	 */
	private record Token(String id, SessionData data, long epoch) {

		static final Token NONE = new Token(null, SessionData.anonymous(), 0);

	}

}
