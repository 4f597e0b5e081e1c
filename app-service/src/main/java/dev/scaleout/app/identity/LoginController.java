package dev.scaleout.app.identity;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.scaleout.app.session.SessionData;
import dev.scaleout.app.session.SessionStore;

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
 * Login and logout. Login stores the user in the session under a new session id; logout
 * removes the session from the store, so no replica knows it any more.
 */
@RestController
class LoginController {

	private final AuthenticationManager authentication;

	private final SessionStore sessions;

	LoginController(AuthenticationManager authentication, SessionStore sessions) {
		this.authentication = authentication;
		this.sessions = sessions;
	}

	@PostMapping("/api/login")
	ResponseEntity<?> login(@Valid @RequestBody Credentials credentials, HttpServletRequest request,
			HttpServletResponse response) {
		Authentication user;
		try {
			user = this.authentication.authenticate(UsernamePasswordAuthenticationToken
				.unauthenticated(credentials.username(), credentials.password()));
		}
		catch (AuthenticationException ex) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(Problems.of(HttpStatus.UNAUTHORIZED, "Unknown user or wrong password."));
		}
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
		this.sessions.saveWithNewId(session, request, response);
		return ResponseEntity.ok(new LoggedIn(user.getName(), roles));
	}

	@PostMapping("/api/logout")
	ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
		this.sessions.invalidate(request, response);
		return ResponseEntity.noContent().build();
	}

	record Credentials(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password) {
	}

	record LoggedIn(String user, List<String> roles) {
	}

}
