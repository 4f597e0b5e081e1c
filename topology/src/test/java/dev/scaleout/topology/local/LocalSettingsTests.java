package dev.scaleout.topology.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.scaleout.topology.FixedPorts;
import dev.scaleout.topology.autoscale.ScalingPolicy;
import dev.scaleout.topology.settings.CartStore;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.HashSource;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionSaveMode;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.StorageType;
import dev.scaleout.topology.settings.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The launcher's settings between calls, in .scaleout/settings. */
class LocalSettingsTests {

	@TempDir
	Path state;

	@Test
	void whatUpSavedIsWhatTheNextCommandLoads() {
		LocalSettings settings = new LocalSettings(5, SessionStore.CLUSTER, Replication.PRIMARY_BACKUP,
				Strategy.WEIGHTED, Guard.ATOMIC, StorageType.LOCAL,
				Optional.of(LocalSettings.Slow.parse("app-3=100ms")), Map.of("app-1", 3), true, false, false,
				HashSource.COOKIE, "client", Duration.ofMillis(20), CartStore.SESSION_ATTRIBUTES,
				SessionSaveMode.ALWAYS, 1, List.of("-Xmx512m"),
				List.of("-XX:TieredStopAtLevel=1", "-Dreactor.netty.native=false"), Duration.ofMillis(1500),
				FixedPorts.fromEnvironment(Map.of("SCALEOUT_GATEWAY_PORT", "18080")), false,
				Optional.of(ScalingPolicy.parse("2..5")), Optional.of(LocalSettings.Capacity.parse("8@100ms")),
				Optional.of(LocalSettings.Errors.parse("app-2=20%")), Optional.of(Duration.ofMillis(50)));
		Path file = this.state.resolve("settings");
		settings.save(file);
		assertThat(LocalSettings.load(file, Map.of())).isEqualTo(settings);
	}

	@Test
	void theFileOfTheBashLauncherStillLoads() throws Exception {
		Path file = Files.writeString(this.state.resolve("settings"), """
				REPLICAS=4
				SESSION=memory
				REPLICATION=all-to-all
				LB=sticky
				GUARD=redlock
				STORAGE=s3
				SLOW=none
				WEIGHTS=none
				HA=yes
				CANARY=on
				""");
		LocalSettings loaded = LocalSettings.load(file, Map.of());
		assertThat(loaded.replicas()).isEqualTo(4);
		assertThat(loaded.session()).isEqualTo(SessionStore.MEMORY);
		assertThat(loaded.lb()).isEqualTo(Strategy.STICKY);
		assertThat(loaded.ha()).isTrue();
		assertThat(loaded.ports().gateway()).isEqualTo(8080);
		assertThat(loaded.lockNodes()).isEqualTo(3);
		assertThat(loaded.anonymousDefences()).isTrue();
	}

	@Test
	void aCapacityGivesEveryReplicaItsLimitAndDelayButASlowReplicaKeepsItsOwnDelay() {
		LocalSettings settings = LocalSettings.defaults(Map.of())
			.toBuilder()
			.capacity(LocalSettings.capacity("8@100ms"))
			.slow(LocalSettings.slow("app-3=400ms"))
			.build();
		assertThat(settings.capacity())
			.hasValueSatisfying((capacity) -> assertThat(capacity.perSecond()).isEqualTo(80));
		assertThat(settings.spec().app().settingsOf("app-1").properties()).containsEntry("app.chaos.capacity", "8")
			.containsEntry("app.chaos.latency", "100ms");
		assertThat(settings.spec().app().settingsOf("app-3").properties()).containsEntry("app.chaos.capacity", "8")
			.containsEntry("app.chaos.latency", "400ms");
		assertThat(LocalSettings.defaults(Map.of()).spec().app().settingsOf("app-1").properties())
			.doesNotContainKeys("app.chaos.capacity", "app.chaos.latency");
	}

	@Test
	void aCapacityThatCannotServeAnythingIsRefusedWithTheFormItTakes() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSettings.capacity("8x100ms"))
			.withMessage(
					"--capacity must look like 8@100ms (8 requests at a time, 100 ms each) or none, was '8x100ms'");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSettings.capacity("0@100ms"))
			.withMessageContaining("--capacity must look like 8@100ms");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSettings.capacity("8@0ms"))
			.withMessageContaining("at least 1 request at a time, each taking some time");
	}

	@Test
	void withoutTheAnonymousDefencesReplicasCreateSessionsAsBefore() {
		LocalSettings undefended = LocalSettings.defaults(Map.of("SCALEOUT_ANONYMOUS_DEFENCES", "false"));
		assertThat(undefended.spec().app().settingsOf("app-1").properties())
			.containsEntry("app.session.anonymous.cookie-check", "false")
			.containsEntry("app.session.anonymous.idle-timeout", "86400000ms");
		assertThat(LocalSettings.defaults(Map.of()).spec().app().settingsOf("app-1").properties())
			.doesNotContainKey("app.session.anonymous.cookie-check");
	}

	@Test
	void theVariablesOfAnUpCallWinAndTheOthersKeepWhatWasRemembered() {
		LocalSettings remembered = LocalSettings
			.defaults(Map.of("SCALEOUT_LOGIN_RATE_LIMIT", "false", "SCALEOUT_APP_BASE_PORT", "9080"));
		LocalSettings now = remembered.overriddenBy(Map.of("SCALEOUT_CRITICAL_SECTION_DELAY", "20ms"));
		assertThat(now.criticalSectionDelay()).isEqualTo(Duration.ofMillis(20));
		assertThat(now.loginRateLimit()).isFalse();
		assertThat(now.ports().appBase()).isEqualTo(9080);
	}

	@Test
	void aGrayFailingReplicaGetsItsErrorShareAndTheOthersNone() {
		LocalSettings settings = LocalSettings.defaults(Map.of())
			.toBuilder()
			.errors(LocalSettings.errors("app-3=20%"))
			.build();
		assertThat(settings.spec().app().settingsOf("app-3").properties()).containsEntry("app.chaos.errors", "20");
		assertThat(settings.spec().app().settingsOf("app-1").properties()).doesNotContainKey("app.chaos.errors");
		assertThat(settings.describe()).endsWith(", errors=app-3=20%");
	}

	@Test
	void badValuesAreRefusedSayingWhatIsExpected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSettings.slow("app-3"))
			.withMessage("--slow must look like app-3=100ms (or none)");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSettings.errors("app-3=20"))
			.withMessage("--errors must look like app-3=20% (or none)");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSettings.errors("app-3=0%"))
			.withMessage("--errors takes 1% to 100%, was 0%");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSettings.weights("app-1:3"))
			.withMessage("--weights must look like app-1=3,app-2=3 (or none)");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSettings.replicas("0", "--replicas"))
			.withMessage("--replicas must be 1..99, was '0'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalSettings.defaults(Map.of("SCALEOUT_REDIS_PORT", "redis")))
			.withMessage("SCALEOUT_REDIS_PORT must be a port number, was 'redis'");
	}

	@Test
	void theSpecIsWhatTheOptionsSay() {
		LocalSettings settings = LocalSettings.defaults(Map.of()).withReplicas(2);
		assertThat(settings.spec().replicas()).isEqualTo(2);
		assertThat(settings.spec().redis().persistent()).as("the launcher's session store survives a restart").isTrue();
		assertThat(settings.spec().canary()).isPresent();
	}

}
