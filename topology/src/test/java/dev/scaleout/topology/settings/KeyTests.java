package dev.scaleout.topology.settings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KeyTests {

	@Test
	void environmentVariableFollowsSpringBootsRule() {
		assertThat(AppKeys.INVENTORY_LOCK_NODES.environmentVariable()).isEqualTo("APP_INVENTORY_LOCKNODES");
		assertThat(AppKeys.INSTANCE_ID.environmentVariable()).isEqualTo("APP_INSTANCEID");
		assertThat(GatewayKeys.pool(Pool.APP).discoveryFile().environmentVariable())
			.isEqualTo("GATEWAY_POOLS_APP_DISCOVERY_FILE");
		assertThat(GatewayKeys.pool(Pool.CANARY).hashKeySource().environmentVariable())
			.isEqualTo("GATEWAY_POOLS_CANARY_HASHKEY_SOURCE");
	}

	@Test
	void aMapEntryWhoseKeyNoVariableCanNameIsACommandLineArgument() {
		Key<Integer> weight = GatewayKeys.pool(Pool.APP).weight("http://127.0.0.1:8081");
		assertThat(weight.hasEnvironmentVariable()).isFalse();
		assertThatIllegalStateException().isThrownBy(weight::environmentVariable);
		Settings settings = Settings.of(weight, 3).with(SpringKeys.SERVER_PORT, 8080);
		assertThat(settings.arguments()).containsExactly("--gateway.pools.app.weights[http://127.0.0.1:8081]=3");
		assertThat(settings.environment()).containsOnlyKeys("SERVER_PORT");
	}

	@Test
	void valuesAreWrittenAsSpringBootBindsThem() {
		assertThat(AppKeys.CHAOS_LATENCY.format(Duration.ofSeconds(2))).isEqualTo("2000ms");
		assertThat(AppKeys.SESSION_CLUSTER_REPLICATION.format(Replication.PRIMARY_BACKUP)).isEqualTo("primary-backup");
		assertThat(AppKeys.INVENTORY_LOCK_NODES.format(List.of("redis://a:1", "redis://b:2")))
			.isEqualTo("redis://a:1,redis://b:2");
		assertThat(AppKeys.STORAGE_MAX_SIZE.format(1024L)).isEqualTo("1024B");
		assertThat(GatewayKeys.pool(Pool.APP).strategy().format(Strategy.CONSISTENT_HASH)).isEqualTo("consistent-hash");
	}

	@Test
	void aLaterValueReplacesAnEarlierOne() {
		Settings settings = Settings.of(AppKeys.SESSION_STORE, SessionStore.REDIS)
			.with(AppKeys.VERSION, "1")
			.and(Settings.of(AppKeys.SESSION_STORE, SessionStore.JWT));
		assertThat(settings.environment()).containsExactly(Map.entry("APP_VERSION", "1"),
				Map.entry("APP_SESSION_STORE", "jwt"));
	}

	@Test
	void everyKeyIsFoundWithoutAListToMaintain() {
		assertThat(AppKeys.all()).contains(AppKeys.SESSION_STORE, AppKeys.CHAOS_LATENCY, SpringKeys.SERVER_PORT)
			.doesNotHaveDuplicates();
		assertThat(GatewayKeys.all()).contains(GatewayKeys.MANAGEMENT_PORT, GatewayKeys.pool(Pool.CANARY).strategy(),
				SpringKeys.REDIS_SENTINEL_NODES);
	}

	@Test
	void choicesAreParsedAsWrittenAndRefusedWithTheAcceptedValues() {
		assertThat(Choices.parse(Strategy.class, "least-requests")).isEqualTo(Strategy.LEAST_REQUESTS);
		assertThatIllegalArgumentException().isThrownBy(() -> Choices.parse(Guard.class, "lock"))
			.withMessage("'lock' is not one of redlock, rlock, fenced, atomic or none");
	}

}
