package dev.scaleout.app.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The identities users log in with, from configuration (BCrypt hashes only). Outside the
 * {@code dev} profile, start-up fails while any of them still has the demo password.
 */
@Configuration(proxyBeanMethods = false)
class DemoUsersConfig {

	/** The password every identity in application.yml has. */
	static final String DEMO_PASSWORD = "password";

	@Bean
	UserDetailsService users(IdentityProperties properties, PasswordEncoder passwordEncoder, Environment environment) {
		if (!environment.acceptsProfiles(Profiles.of("dev"))) {
			refuseDemoPasswords(properties, passwordEncoder, environment);
		}
		List<UserDetails> users = new ArrayList<>();
		for (IdentityProperties.User user : properties.users()) {
			users.add(User.withUsername(user.username())
				.password(user.passwordHash())
				.roles(user.roles().toArray(String[]::new))
				.build());
		}
		for (int i = 1; i <= properties.loadTestUsers(); i++) {
			users.add(User.withUsername("user" + i).password(properties.loadTestPasswordHash()).roles("USER").build());
		}
		return new InMemoryUserDetailsManager(users);
	}

	/**
	 * Checked by matching, not by comparing hashes: a fresh hash of the demo password is
	 * just as public.
	 */
	private static void refuseDemoPasswords(IdentityProperties properties, PasswordEncoder passwordEncoder,
			Environment environment) {
		List<String> demo = new ArrayList<>();
		for (IdentityProperties.User user : properties.users()) {
			if (passwordEncoder.matches(DEMO_PASSWORD, user.passwordHash())) {
				demo.add(user.username());
			}
		}
		if (properties.loadTestUsers() > 0 && properties.loadTestPasswordHash() != null
				&& passwordEncoder.matches(DEMO_PASSWORD, properties.loadTestPasswordHash())) {
			demo.add("user1 ... user" + properties.loadTestUsers());
		}
		if (!demo.isEmpty()) {
			throw new IllegalStateException("Users " + String.join(", ", demo) + " have the public demo password, "
					+ "but the dev profile is not active (profiles: " + Arrays.toString(environment.getActiveProfiles())
					+ "). Configure your own users (app.identity.users, environment APP_IDENTITY_USERS_0_USERNAME, "
					+ "APP_IDENTITY_USERS_0_PASSWORDHASH, APP_IDENTITY_USERS_0_ROLES_0, ...) and set "
					+ "APP_IDENTITY_LOADTESTUSERS=0, or run the demo with SPRING_PROFILES_ACTIVE=dev.");
		}
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
