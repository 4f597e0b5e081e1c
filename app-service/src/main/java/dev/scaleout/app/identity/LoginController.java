package dev.scaleout.app.identity;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.scaleout.app.cart.CartStore;
import dev.scaleout.app.session.SessionData;
import dev.scaleout.app.session.SessionStore;
import dev.scaleout.app.session.UserSessions;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.scaleout.app.system.Problems;

/**
 * Login and logout. Login stores the user in the session under a new session id, keeping
 * what the session had (its visits, its cart); logout removes the session and its cart
 * from the store, so no replica knows them any more.
 */
@RestController
class LoginController {

	private final AuthenticationManager authentication;

	private final SessionStore sessions;

	private final LoginThrottle throttle;

	private final CartStore carts;

	private final UserSessions userSessions;

	LoginController(AuthenticationManager authentication, SessionStore sessions, LoginThrottle throttle,
			CartStore carts, UserSessions userSessions) {
		this.authentication = authentication;
		this.sessions = sessions;
		this.throttle = throttle;
		this.carts = carts;
		this.userSessions = userSessions;
	}

	@PostMapping("/api/login")
	ResponseEntity<?> login(@Valid @RequestBody Credentials credentials, HttpServletRequest request,
			HttpServletResponse response) {
		// The client's address as the gateway saw it (X-Forwarded-For, see
		// server.forward-headers-strategy).
		String client = request.getRemoteAddr();
		Duration blocked = this.throttle.blockedFor(credentials.username(), client);
		if (!blocked.isZero()) {
			long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
				.body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins for this user from your "
						+ "address; try again in " + seconds + " s."));
		}
		Authentication user;
		try {
			user = this.authentication.authenticate(UsernamePasswordAuthenticationToken
				.unauthenticated(credentials.username(), credentials.password()));
		}
		catch (AuthenticationException ex) {
			this.throttle.failed(credentials.username(), client);
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(Problems.of(HttpStatus.UNAUTHORIZED, "Unknown user or wrong password."));
		}
		this.throttle.succeeded(credentials.username(), client);
		List<String> roles = user.getAuthorities()
			.stream()
			.map((authority) -> authority.getAuthority())
			// Spring Security 7 also grants factor authorities (FACTOR_PASSWORD); only
			// roles belong in the session.
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((role) -> role.substring("ROLE_".length()))
			.sorted()
			.toList();
		SessionData session = this.sessions.load(request).withUser(user.getName(), roles);
		// The id this session had is about to be worthless: it leaves the index first.
		this.userSessions.loggedOut(request);
		this.sessions.saveWithNewId(session, request, response);
		this.userSessions.loggedIn(request, response);
		return ResponseEntity.ok(new LoggedIn(user.getName(), roles));
	}

	@PostMapping("/api/logout")
	ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
		this.carts.discard(request, response);
		this.userSessions.loggedOut(request);
		this.sessions.invalidate(request, response);
		return ResponseEntity.noContent().build();
	}

	record Credentials(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password) {
	}

	record LoggedIn(String user, List<String> roles) {
	}

}
