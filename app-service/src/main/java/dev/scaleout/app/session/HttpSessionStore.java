package dev.scaleout.app.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps {@link SessionData} as one attribute of the servlet {@link HttpSession}. Behind
 * it is either Spring Session's Redis repository (store {@code redis}: shared by every
 * replica) or the servlet container's memory (store {@code memory}: one replica only).
 */
class HttpSessionStore implements SessionStore {

	static final String ATTRIBUTE = "scaleout.session";

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
		Object data = session.getAttribute(ATTRIBUTE);
		return (data instanceof SessionData sessionData) ? sessionData : SessionData.anonymous();
	}

	@Override
	public void save(SessionData data, HttpServletRequest request, HttpServletResponse response) {
		request.getSession(true).setAttribute(ATTRIBUTE, data);
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

}
