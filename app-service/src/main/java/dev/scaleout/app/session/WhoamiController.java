package dev.scaleout.app.session;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.scaleout.app.system.InstanceProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The probe of session continuity: every call counts one more visit in the session, so a
 * client whose requests hop between replicas sees 1, 2, 3, ... unless a replica lost it.
 * <p>
 * The first visit of a client without a session is counted in the {@link CookieCheck}
 * cookie, not in a session: the store keeps one only from the second visit, for a client
 * that returned the cookie. Without that, every cookie-less request (a bot's, a load
 * generator's) left a session in the store for its whole idle timeout.
 * <p>
 * A GET that counts is not safe to repeat, yet the gateway repeats GETs cut off by a
 * dying replica. It gives each request an {@code X-Request-Id} that its repeats keep, and
 * the session remembers the id it counted last, so a visit is counted once.
 */
@RestController
class WhoamiController {

	static final String REQUEST_ID = "X-Request-Id";

	/**
	 * What a gateway's id looks like (a UUID); anything else is not kept in a session.
	 */
	private static final Pattern REQUEST_ID_SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private final SessionStore sessions;

	private final InstanceProperties instance;

	private final boolean cookieCheck;

	WhoamiController(SessionStore sessions, InstanceProperties instance, SessionProperties properties) {
		this.sessions = sessions;
		this.instance = instance;
		this.cookieCheck = properties.anonymous().cookieCheck() && sessions.keepsServerState();
	}

	@GetMapping("/api/whoami")
	Whoami whoami(HttpServletRequest request, HttpServletResponse response) {
		SessionData session = this.sessions.load(request).withVisit(requestId(request));
		if (this.cookieCheck && !this.sessions.hasSession(request)) {
			if (!CookieCheck.passed(request)) {
				CookieCheck.ask(request, response);
				return whoami(session);
			}
			CookieCheck.clear(request, response);
		}
		this.sessions.save(session, request, response);
		return whoami(session);
	}

	private static String requestId(HttpServletRequest request) {
		String id = request.getHeader(REQUEST_ID);
		return (id != null && REQUEST_ID_SHAPE.matcher(id).matches()) ? id : null;
	}

	private Whoami whoami(SessionData session) {
		return new Whoami(this.instance.instanceId(), this.instance.version(), this.sessions.name(), session.user(),
				session.visits());
	}

	record Whoami(String instance, String version, String sessionStore, String user, long visits) {
	}

}
