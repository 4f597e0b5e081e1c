package dev.scaleout.app.session;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.catalina.session.TooManyActiveSessionsException;

import dev.scaleout.app.system.StoreUnavailableException;

/**
 * Keeps {@link SessionData} as one attribute of the servlet {@link HttpSession}, as JSON
 * text ({@link SessionJson}): a {@code String} is the same to every app version, where a
 * serialized class is not. Behind it is Spring Session's Redis repository (store
 * {@code redis}: shared by every replica), Tomcat's replicated sessions ({@code cluster})
 * or the servlet container's memory ({@code memory}: one replica only).
 * <p>
 * Each save gives the session its idle timeout: short while it has no user (see
 * {@link SessionProperties.Anonymous}), the full one after login.
 */
class HttpSessionStore implements SessionStore {

	static final String ATTRIBUTE = "scaleout.session";

	private static final String PARSED = HttpSessionStore.class.getName() + ".parsed";

	private static final SessionData CHECKED_VISIT = SessionData.anonymous().withVisit(null);

	/** Sessions past the bound free up only as others expire: minutes, not a second. */
	static final Duration BOUND_RETRY = Duration.ofSeconds(30);

	private final String name;

	private final SessionProperties properties;

	HttpSessionStore(String name, SessionProperties properties) {
		this.name = name;
		this.properties = properties;
	}

	@Override
	public boolean keepsServerState() {
		return true;
	}

	@Override
	public boolean hasSession(HttpServletRequest request) {
		return request.getSession(false) != null;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public SessionData load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			// A returned check cookie stands for the visit that was counted in it, so the
			// session whoami or a login creates now goes on from there.
			return CookieCheck.passed(request) ? CHECKED_VISIT : SessionData.anonymous();
		}
		if (!(session.getAttribute(ATTRIBUTE) instanceof String json)) {
			return SessionData.anonymous();
		}
		// Read several times a request (security, controller, cart): parsed once per
		// value.
		if (request.getAttribute(PARSED) instanceof Parsed parsed && parsed.json() == json) {
			return parsed.data();
		}
		SessionData data = SessionJson.read(json);
		request.setAttribute(PARSED, new Parsed(json, data));
		return data;
	}

	@Override
	public void save(SessionData data, HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = sessionOf(request);
		int idleSeconds = (int) this.properties.idleTimeoutOf(data).toSeconds();
		if (session.getMaxInactiveInterval() != idleSeconds) {
			session.setMaxInactiveInterval(idleSeconds);
		}
		session.setAttribute(ATTRIBUTE, SessionJson.write(data));
	}

	private HttpSession sessionOf(HttpServletRequest request) {
		try {
			return request.getSession(true);
		}
		catch (TooManyActiveSessionsException ex) {
			// Tomcat's bound (app.session.max-active-sessions) on a replica's heap: the
			// sessions it holds go on, a new one waits until some expire.
			throw new StoreUnavailableException(
					"This replica holds its maximum of " + ex.getMaxActiveSessions()
							+ " sessions (app.session.max-active-sessions); sessions already open go on. Retry later.",
					BOUND_RETRY);
		}
	}

	@Override
	public void saveWithNewId(SessionData data, HttpServletRequest request, HttpServletResponse response) {
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		save(data, request, response);
	}

	@Override
	public void invalidate(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
	}

	private record Parsed(String json, SessionData data) {
	}

}
