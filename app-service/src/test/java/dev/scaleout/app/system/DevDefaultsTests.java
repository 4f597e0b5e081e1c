package dev.scaleout.app.system;

import java.util.ArrayList;
import java.util.List;

import dev.scaleout.app.AppServiceApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the dev profile, start-up refuses every credential this repository publishes,
 * with a message that says what to set instead.
 */
class DevDefaultsTests {

	/** Users of our own, so that only the default under test is left. */
	private static final List<String> OWN_USERS = List.of("--app.identity.users[0].username=tester",
			"--app.identity.users[0].password-hash={noop}not-the-demo", "--app.identity.users[0].roles=USER",
			"--app.identity.load-test-users=0");

	@Test
	void demoUsersOutsideTheDevProfileStopStartUp() {
		assertStartUpFails(List.of("--app.identity.load-test-users=0", "--app.storage.type=local"),
				"Users alice, bob, admin have the public demo password", "APP_IDENTITY_USERS_0_USERNAME");
	}

	@Test
	void demoPasswordRefusedHoweverItIsHashed() {
		assertStartUpFails(
				List.of("--app.identity.users[0].username=carol",
						"--app.identity.users[0].password-hash={noop}password", "--app.identity.users[0].roles=USER",
						"--app.identity.load-test-users=0", "--app.storage.type=local"),
				"Users carol have the public demo");
	}

	@Test
	void loadTestUsersOutsideTheDevProfileStopStartUp() {
		List<String> args = new ArrayList<>(OWN_USERS.subList(0, 3));
		args.addAll(List.of("--app.identity.load-test-users=5", "--app.storage.type=local"));
		assertStartUpFails(args, "Users user1 ... user5 have the public demo password");
	}

	@Test
	void devStorageSecretOutsideTheDevProfileStopsStartUp() {
		List<String> args = new ArrayList<>(OWN_USERS);
		args.addAll(List.of("--app.storage.access-key=scaleout", "--app.storage.secret-key=scaleout-dev-secret",
				"--app.storage.endpoint=http://127.0.0.1:9"));
		assertStartUpFails(args, "app.storage.secret-key is the public dev-only password", "APP_STORAGE_SECRETKEY");
	}

	private static void assertStartUpFails(List<String> properties, String... messageParts) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
		args.addAll(properties);
		SpringApplicationBuilder app = new SpringApplicationBuilder(AppServiceApplication.class);
		assertThatThrownBy(() -> app.run(args.toArray(String[]::new))).rootCause().message().contains(messageParts);
	}

}
