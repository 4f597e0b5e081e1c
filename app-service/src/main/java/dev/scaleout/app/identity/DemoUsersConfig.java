package dev.scaleout.app.identity;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The identities users log in with, from configuration (BCrypt hashes only).
 */
@Configuration(proxyBeanMethods = false)
class DemoUsersConfig {

	@Bean
	UserDetailsService users(IdentityProperties properties) {
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

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
