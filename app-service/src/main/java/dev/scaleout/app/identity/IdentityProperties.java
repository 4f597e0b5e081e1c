package dev.scaleout.app.identity;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The demo identities.
 *
 * @param users named users with their password hashes and roles
 * @param loadTestUsers how many {@code user1 ... userN} accounts exist for load tests
 * @param loadTestPasswordHash the password hash shared by the load-test accounts
 * @param loginThrottle how failed logins are limited per user and client address
 */
@ConfigurationProperties("app.identity")
@Validated
public record IdentityProperties(@Valid @DefaultValue List<User> users, @Min(0) @DefaultValue("0") int loadTestUsers,
		String loadTestPasswordHash, @Valid @DefaultValue LoginThrottle loginThrottle) {

	/**
	 * @param username the login name
	 * @param passwordHash a {@code {bcrypt}...} hash
	 * @param roles roles without the {@code ROLE_} prefix
	 */
	public record User(@NotBlank String username, @NotBlank String passwordHash, @NotEmpty List<String> roles) {
	}

	/**
	 * @param maxFailures failed logins of one user from one address before it is refused
	 * @param window how long failures are counted, and so the longest a refusal lasts
	 */
	public record LoginThrottle(@Min(1) @DefaultValue("5") int maxFailures,
			@NotNull @DefaultValue("1m") Duration window) {
	}

}
