package dev.scaleout.loadtests;

import java.time.Duration;

import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.StorageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bot's cookie-less flood through a real gateway to two real replicas sharing Redis
 * ({@link SessionFlood}, the code that computes {@code ./scaleout experiment session-flood}):
 * every request is answered, none of them leaves a session in the store, and the users
 * browsing meanwhile lose nothing.
 */
class SessionFloodEndToEndTests {

	static final int REQUESTS = 600;

	static final int USERS = 2;

	@Test
	void aCookielessFloodLeavesNoSessionInRedisAndTheUsersBrowsingLoseNothing() throws Exception {
		try (Topology topology = Topology.owned(TopologySpec.builder()
			.replicas(2)
			.lockNodes(0)
			.guard(Guard.ATOMIC)
			.objectStore(false)
			.storage(StorageType.LOCAL)
			.sessionStore(SessionStore.REDIS)
			.app(AppKeys.LOAD_TEST_USERS, 10)
			.noCanary()
			.loginRateLimit(false)
			.gateway(GatewayKeys.HEALTH_TIMEOUT, Duration.ofSeconds(2))
			.gateway(GatewayKeys.HEALTH_UNHEALTHY_THRESHOLD, 3)
			.build()).start()) {
			SessionFlood.Result result = SessionFlood.run(
					SessionFlood.Settings.of(topology.gateway().url()).withFlood(REQUESTS, 8).withUsers(USERS, 1));
			System.out.println("session flood: " + result);
			assertThat(result.sent()).isEqualTo(REQUESTS);
			assertThat(result.answered200()).as("cookie-less whoamis answered 200").isEqualTo(REQUESTS);
			assertThat(result.usersBrowsing()).isEqualTo(USERS);
			assertThat(result.userRequests()).as("requests of the users browsing").isGreaterThan(USERS * 3L);
			assertThat(result.usersWhoLostSomething()).isZero();
			assertThat(result.userFailures()).isZero();
			// Readings on a replica are shared for two seconds.
			Thread.sleep(2100);
			assertThat(SessionFlood.StoreReading.of(topology.replicas().get(0).url()).sessions())
				.as("sessions in Redis: the users' only, none of the flood's")
				.hasValue(USERS);
		}
	}

}
