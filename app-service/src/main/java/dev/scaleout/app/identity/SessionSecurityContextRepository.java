package dev.scaleout.app.identity;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.scaleout.app.session.SessionData;
import dev.scaleout.app.session.SessionStore;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Derives the Spring Security context from the {@link SessionData}, whatever store holds
 * it, so "who is logged in" has exactly one source of truth. Loading is deferred: a
 * request that needs no authentication (ping, the catalog) never touches the store.
 */
class SessionSecurityContextRepository implements SecurityContextRepository {

	private final SessionStore sessions;

	SessionSecurityContextRepository(SessionStore sessions) {
		this.sessions = sessions;
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		return new Deferred(() -> contextOf(this.sessions.load(request)));
	}

	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder holder) {
		return contextOf(this.sessions.load(holder.getRequest()));
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		// The login and logout endpoints write the session; Spring Security never needs
		// to.
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return this.sessions.load(request).isAuthenticated();
	}

	private static SecurityContext contextOf(SessionData session) {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		if (session.isAuthenticated()) {
			String[] roles = session.roles().stream().map((role) -> "ROLE_" + role).toArray(String[]::new);
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(session.user(), null,
					AuthorityUtils.createAuthorityList(roles)));
		}
		return context;
	}

	private static final class Deferred implements DeferredSecurityContext {

		private final Supplier<SecurityContext> loader;

		private SecurityContext context;

		Deferred(Supplier<SecurityContext> loader) {
			this.loader = loader;
		}

		@Override
		public SecurityContext get() {
			if (this.context == null) {
				this.context = this.loader.get();
			}
			return this.context;
		}

		@Override
		public boolean isGenerated() {
			return get().getAuthentication() == null;
		}

	}

}
