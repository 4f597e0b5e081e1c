package dev.scaleout.app.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Where a user's {@link SessionData} lives between requests. Controllers read and write
 * sessions only through this interface, so the same code runs whether the session is in
 * Redis, in a signed token, or in one replica's memory.
 */
public interface SessionStore {

	/** The name shown by whoami: {@code redis}, {@code jwt} or {@code memory}. */
	String name();

	/**
	 * Whether a session costs the server memory ({@code redis}, {@code memory},
	 * {@code cluster}) or only the client's cookie ({@code jwt}).
	 */
	boolean keepsServerState();

	/** Whether the request belongs to a session this store holds. */
	boolean hasSession(HttpServletRequest request);

	/**
	 * The current session, or {@link SessionData#anonymous()} when the request has none.
	 * Never creates one.
	 */
	SessionData load(HttpServletRequest request);

	/** Saves the session, creating it when the request has none. */
	void save(SessionData data, HttpServletRequest request, HttpServletResponse response);

	/**
	 * Saves the session under a new identifier: called on login so that an identifier
	 * known before authentication is worthless after it (session fixation).
	 */
	void saveWithNewId(SessionData data, HttpServletRequest request, HttpServletResponse response);

	/** Ends the session everywhere: every replica sees it gone. */
	void invalidate(HttpServletRequest request, HttpServletResponse response);

}
