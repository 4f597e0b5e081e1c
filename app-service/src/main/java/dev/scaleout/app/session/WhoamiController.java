package dev.scaleout.app.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.scaleout.app.system.InstanceProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The probe of session continuity: every call counts one more visit in the session, so a
 * client whose requests hop between replicas sees 1, 2, 3, ... unless a replica lost it.
 */
@RestController
class WhoamiController {

	private final SessionStore sessions;

	private final InstanceProperties instance;

	WhoamiController(SessionStore sessions, InstanceProperties instance) {
		this.sessions = sessions;
		this.instance = instance;
	}

	@GetMapping("/api/whoami")
	Whoami whoami(HttpServletRequest request, HttpServletResponse response) {
		SessionData session = this.sessions.load(request).withVisit();
		this.sessions.save(session, request, response);
		return new Whoami(this.instance.instanceId(), this.instance.version(), this.sessions.name(), session.user(),
				session.visits());
	}

	record Whoami(String instance, String version, String sessionStore, String user, long visits) {
	}

}
