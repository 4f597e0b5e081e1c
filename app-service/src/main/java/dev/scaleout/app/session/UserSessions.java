package dev.scaleout.app.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A user's sessions as a whole: listed, all but the current one ended ("log out
 * everywhere else"), and at most {@code app.session.max-per-user} of them (a login beyond
 * the limit ends the oldest). How depends on the store: {@code redis} keeps an index of
 * session ids per user, {@code jwt} an index of token ids and a revocation epoch;
 * {@code memory} and {@code cluster} cannot (every replica knows only sessions in its own
 * memory).
 */
public interface UserSessions {

	/** The current user's sessions, oldest login first. */
	List<UserSession> list(HttpServletRequest request);

	/** Ends every session of the current user but this one; returns how many. */
	int endOthers(HttpServletRequest request, HttpServletResponse response);

	/** Called right after a login saved the session under its new id. */
	void loggedIn(HttpServletRequest request, HttpServletResponse response);

	/** Called just before a logout ends the session. */
	void loggedOut(HttpServletRequest request);

	/**
	 * One session as its owner sees it.
	 *
	 * @param id a handle derived from the session's id (never the id itself, which is a
	 * credential)
	 * @param loggedInAt when it logged in
	 * @param lastSeenAt its last request, where the store knows it ({@code null} for
	 * tokens: nothing on the server sees them used)
	 * @param current whether it is the session asking
	 */
	record UserSession(String id, Instant loggedInAt, Instant lastSeenAt, boolean current) {
	}

	/** The handle shown for a session id. */
	static String handle(String id) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
