package dev.scaleout.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.scaleout.topology.process.Launcher;
import dev.scaleout.topology.process.ProcessSpec;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.HashSource;
import dev.scaleout.topology.settings.Key;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.StorageType;
import dev.scaleout.topology.settings.Strategy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What each process is started with, read from the model without starting anything: the
 * ports of the launcher's table and the settings each replica and the gateway get.
 */
class TopologyTests {

	@TempDir
	Path state;

	Topology topology(TopologySpec spec) {
		return Topology.detached(spec, FixedPorts.defaults(), Launcher.detached(this.state));
	}

	static Map<String, String> environment(Node node) {
		return node.spec().environment();
	}

	@Nested
	class TheLaunchersTopology {

		Topology topology;

		@BeforeEach
		void describe() {
			this.topology = topology(TopologySpec.builder().build());
		}

		@Test
		void processesInStartOrderOnTheDocumentedPorts() {
			assertThat(this.topology.nodes()).extracting(Node::name)
				.containsExactly("redis", "redis-lock-1", "redis-lock-2", "redis-lock-3", "s3proxy", "app-1", "app-2",
						"app-3", "app-canary", "gateway");
			assertThat(this.topology.nodes()).extracting(Node::port)
				.containsExactly(6379, 6380, 6381, 6382, 9000, 8081, 8082, 8083, 8091, 8080);
			assertThat(this.topology.gateway().managementPort()).isEqualTo(8090);
		}

		@Test
		void aReplicaKnowsItselfAndEveryStoreItShares() {
			assertThat(environment(this.topology.replica("app-2"))).containsEntry("SERVER_PORT", "8082")
				.containsEntry("APP_INSTANCEID", "app-2")
				.containsEntry("APP_VERSION", "1")
				.containsEntry("SPRING_PROFILES_ACTIVE", "dev")
				.containsEntry("SPRING_DATA_REDIS_HOST", "127.0.0.1")
				.containsEntry("SPRING_DATA_REDIS_PORT", "6379")
				.containsEntry("APP_SESSION_STORE", "redis")
				.containsEntry("APP_INVENTORY_GUARD", "redlock")
				.containsEntry("APP_INVENTORY_LOCKNODES",
						"redis://127.0.0.1:6380,redis://127.0.0.1:6381,redis://127.0.0.1:6382")
				.containsEntry("APP_STORAGE_TYPE", "s3")
				.containsEntry("APP_STORAGE_ENDPOINT", "http://127.0.0.1:9000")
				.containsEntry("APP_STORAGE_ACCESSKEY", ObjectStore.ACCESS_KEY)
				.containsEntry("APP_STORAGE_LOCALDIR", TopologyTests.this.state.resolve("app-2/uploads").toString())
				.doesNotContainKey("APP_SESSION_CLUSTER_MEMBERS");
			assertThat(this.topology.replica("app-2").spec().command()).contains("-Dscaleout.name=app-2");
		}

		@Test
		void theCanaryIsVersionTwo() {
			assertThat(environment(this.topology.canary().orElseThrow())).containsEntry("APP_VERSION", "2")
				.containsEntry("SERVER_PORT", "8091");
		}

		@Test
		void theGatewayFindsEachPoolInItsInstanceFile() {
			assertThat(environment(this.topology.gateway().node())).containsEntry("SERVER_PORT", "8080")
				.containsEntry("MANAGEMENT_SERVER_PORT", "8090")
				.containsEntry("GATEWAY_POOLS_APP_STRATEGY", "round-robin")
				.containsEntry("GATEWAY_POOLS_APP_DISCOVERY_FILE", this.topology.instancesFile(Pool.APP).toString())
				.containsEntry("GATEWAY_POOLS_CANARY_DISCOVERY_FILE",
						this.topology.instancesFile(Pool.CANARY).toString())
				.containsEntry("GATEWAY_ROUTING_LOGINRATELIMIT_ENABLED", "true");
		}

		@Test
		void instanceFilesListTheReplicasAsTheyAreNow() throws Exception {
			this.topology.writeInstanceFiles();
			assertThat(Files.readAllLines(this.topology.instancesFile(Pool.APP)))
				.filteredOn((line) -> !line.startsWith("#"))
				.containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083");
			Node added = this.topology.addReplica();
			assertThat(added.name()).isEqualTo("app-4");
			assertThat(added.port()).isEqualTo(8084);
			this.topology.writeInstanceFiles();
			assertThat(Files.readAllLines(this.topology.instancesFile(Pool.APP))).contains(added.url());
			assertThat(this.topology.removeReplica()).isSameAs(added);
			assertThat(Files.readAllLines(this.topology.instancesFile(Pool.APP))).doesNotContain(added.url());
		}

	}

	@Test
	void withSentinelsEveryoneFindsThePrimaryThroughThem() {
		Topology topology = topology(TopologySpec.builder().redis(Redis.sentinel(Duration.ofSeconds(1))).build());
		assertThat(topology.redis().nodes()).extracting(Node::name)
			.containsExactly("redis", "redis-replica", "sentinel-1", "sentinel-2", "sentinel-3");
		assertThat(topology.redis().nodes()).extracting(Node::port).containsExactly(6379, 6383, 26379, 26380, 26381);
		for (Node node : List.of(topology.replica("app-1"), topology.gateway().node())) {
			assertThat(environment(node)).containsEntry("SPRING_DATA_REDIS_SENTINEL_MASTER", "scaleout")
				.containsEntry("SPRING_DATA_REDIS_SENTINEL_NODES", "127.0.0.1:26379,127.0.0.1:26380,127.0.0.1:26381")
				.doesNotContainKey("SPRING_DATA_REDIS_PORT");
		}
		ProcessSpec sentinel = topology.redis().sentinels().get(0).spec();
		assertThat(sentinel.files().get(0).content()).contains("sentinel monitor scaleout 127.0.0.1 6379 2",
				"sentinel down-after-milliseconds scaleout 1000");
		assertThat(sentinel.files().get(0).keep()).as("a Sentinel's learned configuration is kept").isTrue();
	}

	@Test
	void clusterMembersAreEveryReplicaUpToTheMinimumAndTheCanary() {
		Topology topology = topology(
				TopologySpec.builder().sessionStore(SessionStore.CLUSTER).clusterMembers(6).build());
		assertThat(environment(topology.replica("app-1"))).containsEntry("APP_SESSION_STORE", "cluster")
			.containsEntry("APP_SESSION_CLUSTER_REPLICATION", "all-to-all")
			.containsEntry("APP_SESSION_CLUSTER_PORT", "4001")
			.containsEntry("APP_SESSION_CLUSTER_MEMBERS", "127.0.0.1:4001,127.0.0.1:4002,127.0.0.1:4003,"
					+ "127.0.0.1:4004,127.0.0.1:4005,127.0.0.1:4006,127.0.0.1:4099");
		assertThat(environment(topology.canary().orElseThrow())).containsEntry("APP_SESSION_CLUSTER_PORT", "4099");
	}

	@Test
	void oneReplicaCanBeGivenItsOwnSettingsAndWeightsNameReplicas() {
		Topology topology = topology(TopologySpec.builder()
			.replica("app-3", AppKeys.CHAOS_LATENCY, Duration.ofMillis(100))
			.strategy(Strategy.WEIGHTED)
			.weight("app-1", 3)
			.build());
		assertThat(environment(topology.replica("app-3"))).containsEntry("APP_CHAOS_LATENCY", "100ms");
		assertThat(environment(topology.replica("app-2"))).doesNotContainKey("APP_CHAOS_LATENCY");
		assertThat(topology.gateway().node().spec().command())
			.contains("--gateway.pools.app.weights[http://127.0.0.1:8081]=3");
	}

	@Test
	void aSpecThatCannotWorkIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TopologySpec.builder().lockNodes(0).build())
			.withMessageContaining("redlock needs lock nodes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TopologySpec.builder().guard(Guard.ATOMIC).objectStore(false).build())
			.withMessageContaining("s3 needs the object store");
		TopologySpec local = TopologySpec.builder().objectStore(false).storage(StorageType.LOCAL).build();
		assertThat(environment(topology(local).replica("app-1"))).containsEntry("APP_STORAGE_TYPE", "local")
			.doesNotContainKey("APP_STORAGE_ENDPOINT");
	}

	/**
	 * deployment-tests check every key of AppKeys and GatewayKeys against the jars: that
	 * covers what the model can produce only if every setting it gives comes from them.
	 */
	@Test
	void everySettingAProcessGetsIsAKeyTheDeploymentChecksSee() {
		List<String> app = AppKeys.all()
			.stream()
			.filter(Key::hasEnvironmentVariable)
			.map(Key::environmentVariable)
			.toList();
		List<String> gateway = GatewayKeys.all()
			.stream()
			.filter(Key::hasEnvironmentVariable)
			.map(Key::environmentVariable)
			.toList();
		for (TopologySpec spec : List.of(TopologySpec.builder().build(),
				TopologySpec.builder()
					.redis(Redis.sentinel(Duration.ofSeconds(1)))
					.sessionStore(SessionStore.CLUSTER)
					.replica("app-2", AppKeys.CHAOS_LATENCY, Duration.ofMillis(5))
					.hashKey(HashSource.COOKIE, "client")
					.weight("app-1", 2)
					.build())) {
			Topology topology = topology(spec);
			for (Node node : topology.replicas()) {
				assertThat(app).containsAll(environment(node).keySet());
			}
			assertThat(app).containsAll(environment(topology.canary().orElseThrow()).keySet());
			assertThat(gateway).containsAll(environment(topology.gateway().node()).keySet());
			assertThat(topology.gateway().node().spec().command()).filteredOn((word) -> word.startsWith("--"))
				.allMatch((argument) -> argument.startsWith("--gateway.pools.app.weights["));
		}
	}

}
