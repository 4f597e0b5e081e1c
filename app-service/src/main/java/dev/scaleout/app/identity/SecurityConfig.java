package dev.scaleout.app.identity;

import dev.scaleout.app.session.SessionStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * Who may call what. Sessions are ours (see {@link SessionSecurityContextRepository}), so
 * Spring Security never creates one; CSRF uses the double-submit cookie that a browser
 * script can read ({@code XSRF-TOKEN} cookie echoed in the {@code X-XSRF-TOKEN} header),
 * which needs no server state and so works on every replica.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	/**
	 * Probes and metrics never consult the session store: a replica whose Redis is down
	 * is still alive, and must be able to say so.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain actuator(HttpSecurity http) throws Exception {
		http.securityMatcher("/actuator/**")
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.sessionManagement((session) -> session.disable())
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable())
			// Only health and prometheus are exposed (management.endpoints.web.exposure);
			// the rest is 404.
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, SessionStore sessions) throws Exception {
		ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
		http.securityContext(
				(context) -> context.securityContextRepository(new SessionSecurityContextRepository(sessions)))
			// Our SessionStore owns sessions; Spring Security's session management would
			// look them up on every request.
			.sessionManagement((session) -> session.disable())
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.csrf((csrf) -> csrf.spa())
			// Spring Security's defaults (nosniff, frame DENY, no-store) plus no Referer
			// to
			// other sites.
			.headers((headers) -> headers
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/api/ping", "/api/whoami", "/api/login", "/api/logout")
						.permitAll()
						.requestMatchers(HttpMethod.GET, "/api/products", "/api/products/**", "/api/session-store")
						.permitAll()
						.requestMatchers("/api/admin/**")
						.hasRole("ADMIN")
						.requestMatchers("/api/**")
						.authenticated()
						// Everything else (unexposed actuator endpoints included) has no
						// handler: 404.
						.anyRequest()
						.permitAll());
		return http.build();
	}

	@Bean
	AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(passwordEncoder);
		return new ProviderManager(provider);
	}

}
