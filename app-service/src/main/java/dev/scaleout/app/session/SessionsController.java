package dev.scaleout.app.session;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's own sessions: which exist, and "log out everywhere else".
 */
@RestController
@RequestMapping("/api/sessions")
class SessionsController {

	private final UserSessions sessions;

	SessionsController(UserSessions sessions) {
		this.sessions = sessions;
	}

	@GetMapping
	List<UserSessions.UserSession> list(HttpServletRequest request) {
		return this.sessions.list(request);
	}

	@DeleteMapping("/others")
	Map<String, Integer> endOthers(HttpServletRequest request, HttpServletResponse response) {
		return Map.of("ended", this.sessions.endOthers(request, response));
	}

}
