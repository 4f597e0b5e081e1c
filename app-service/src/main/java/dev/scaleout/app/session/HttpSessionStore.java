package dev.scaleout.app.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps {@link SessionData} as one attribute of the servlet {@link HttpSession}, as JSON
 * text ({@link SessionJson}): a {@code String} is the same to every app version, where a
 * serialized class is not. Behind it is Spring Session's Redis repository (store
 * {@code redis}: shared by every replica), Tomcat's replicated sessions ({@code cluster})
 * or the servlet container's memory ({@code memory}: one replica only).
 */
class HttpSessionStore implements SessionStore {

	static final String ATTRIBUTE = "scaleout.session";

	private static final String PARSED = HttpSessionStore.class.getName() + ".parsed";

	private final String name;

	HttpSessionStore(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public SessionData load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return SessionData.anonymous();
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
		request.getSession(true).setAttribute(ATTRIBUTE, SessionJson.write(data));
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
