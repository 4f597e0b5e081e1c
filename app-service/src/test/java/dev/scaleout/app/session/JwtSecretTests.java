package dev.scaleout.app.session;

import dev.scaleout.app.AppServiceApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The jwt store refuses to start with a key that anyone could know or guess.
 */
class JwtSecretTests {

	@Test
	void missingSecretStopsStartUpWithInstructions() {
		assertStartUpFails(null, "needs a signing key", "app.session.jwt.secret");
	}

	@Test
	void shortSecretStopsStartUp() {
		assertStartUpFails("too-short", "HS256 needs at least 32");
	}

	@Test
	void placeholderSecretStopsStartUp() {
		assertStartUpFails("REPLACE-ME-with-openssl-rand-base64-48", "placeholder");
	}

	@Test
	void devSecretOutsideTheDevProfileStopsStartUp() {
		assertStartUpFails(SessionStoreConfig.DEV_SECRET, "dev-only key");
	}

	private static void assertStartUpFails(String secret, String... messageParts) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AppServiceApplication.class);
		String[] args = { "--server.port=0", "--app.session.store=jwt",
				"--app.session.jwt.secret=" + ((secret != null) ? secret : ""), "--app.identity.load-test-users=0",
				// Users of our own: the demo password is refused outside the dev profile
				// too.
				"--app.identity.users[0].username=tester", "--app.identity.users[0].password-hash={noop}not-the-demo",
				"--app.identity.users[0].roles=USER" };
		assertThatThrownBy(() -> app.run(args)).rootCause().message().contains(messageParts);
	}

}
