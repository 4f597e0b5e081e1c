package dev.scaleout.deployment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Key;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, k8s/ and the Dockerfiles agree with the code they deploy.
 */
class CrossCheckTests {

	static final Map<String, KnownProperties> PROPERTIES = new HashMap<>();

	static JsonNode compose;

	static List<JsonNode> kubernetes;

	@BeforeAll
	static void read() {
		compose = RepoFiles.readYaml(RepoFiles.file("docker-compose.yml"));
		kubernetes = Kustomize.render(RepoFiles.file("k8s/overlays/local"));
	}

	static KnownProperties properties(String module) {
		return PROPERTIES.computeIfAbsent(module, (name) -> KnownProperties.ofBootJar(KnownProperties.bootJar(name)));
	}

	@Test
	void everyEnvironmentVariableConfiguresARealProperty() {
		assertThat(properties("app-service").isEmpty()).isFalse();
		assertThat(CrossChecks.unboundVariables(Services.composeEnvironments(compose), CrossCheckTests::properties))
			.isEmpty();
		assertThat(
				CrossChecks.unboundVariables(Services.kubernetesEnvironments(kubernetes), CrossCheckTests::properties))
			.isEmpty();
	}

	@Test
	void misspelledVariableIsCaught() {
		ObjectNode broken = RepoFiles.copy(compose);
		((ObjectNode) broken.path("services").path("app").path("environment")).put("APP_SESION_STORE", "redis");
		// Once for each way app reaches the session store (docker/redis-*.env).
		assertThat(CrossChecks.unboundVariables(Services.composeEnvironments(broken), CrossCheckTests::properties))
			.hasSize(2)
			.allMatch((problem) -> problem.startsWith("app [") && problem.contains("APP_SESION_STORE"));
	}

	@Test
	void everySettingTheTopologyModelGivesAProcessConfiguresARealProperty() {
		assertThat(AppKeys.all()).hasSizeGreaterThan(20);
		assertThat(CrossChecks.unboundKeys(AppKeys.all(), "app-service", properties("app-service"))).isEmpty();
		assertThat(CrossChecks.unboundKeys(GatewayKeys.all(), "gateway", properties("gateway"))).isEmpty();
	}

	@Test
	void misspelledKeyOfTheTopologyModelIsCaught() {
		assertThat(CrossChecks.unboundKeys(
				List.of(Key.text("app.sesion.store"), Key.number("gateway.pool.app.weights[x]")), "app-service",
				properties("app-service")))
			.hasSize(2)
			.anyMatch((problem) -> problem.contains("APP_SESION_STORE"))
			.anyMatch((problem) -> problem.contains("gateway.pool.app.weights[x]"));
		assertThat(
				CrossChecks.unboundKeys(List.of(GatewayKeys.HEALTH_TIMEOUT), "app-service", properties("app-service")))
			.as("a key of the other service")
			.isNotEmpty();
	}

	@Test
	void probesAndHealthchecksUseTheActuatorPortsAndGroups() {
		assertThat(CrossChecks.probes(compose, kubernetes, ActuatorConfig::of)).isEmpty();
	}

	@Test
	void probeOnTheWrongPortIsCaught() {
		List<JsonNode> broken = new ArrayList<>(kubernetes);
		ObjectNode app = RepoFiles.copy(KubernetesChecks.named(kubernetes, "Deployment", "app"));
		ObjectNode container = (ObjectNode) app.path("spec").path("template").path("spec").path("containers").get(0);
		((ObjectNode) container.path("readinessProbe").path("httpGet")).put("port", 9999);
		broken.set(broken.indexOf(KubernetesChecks.named(kubernetes, "Deployment", "app")), app);
		assertThat(CrossChecks.probes(compose, broken, ActuatorConfig::of)).singleElement()
			.asString()
			.contains("readinessProbe on port 9999");
	}

	@Test
	void imagesAreBuiltByTheDockerfilesFromEveryModule() {
		assertThat(CrossChecks.images(compose, kubernetes, parentModules(), CrossCheckTests::dockerfile,
				ActuatorConfig::of))
			.isEmpty();
	}

	@Test
	void foreignImageOrForgottenModuleIsCaught() {
		List<String> modules = new ArrayList<>(parentModules());
		modules.add("new-module");
		assertThat(CrossChecks.images(compose, kubernetes, modules, CrossCheckTests::dockerfile, ActuatorConfig::of))
			.isNotEmpty()
			.allMatch((problem) -> problem.contains("new-module/pom.xml"));

		List<JsonNode> broken = new ArrayList<>(kubernetes);
		ObjectNode app = RepoFiles.copy(KubernetesChecks.named(kubernetes, "Deployment", "app"));
		((ObjectNode) app.path("spec").path("template").path("spec").path("containers").get(0)).put("image",
				"scaleout/app-service:9.9.9");
		broken.set(broken.indexOf(KubernetesChecks.named(kubernetes, "Deployment", "app")), app);
		assertThat(
				CrossChecks.images(compose, broken, parentModules(), CrossCheckTests::dockerfile, ActuatorConfig::of))
			.singleElement()
			.asString()
			.contains("9.9.9");
	}

	@Test
	void everyStoreTheServicesNeedExistsInComposeAndKubernetes() {
		assertThat(CrossChecks.referencedHostsExist(compose, kubernetes)).isEmpty();
	}

	@Test
	void missingStoreIsCaught() {
		ObjectNode broken = RepoFiles.copy(compose);
		((ObjectNode) broken.path("services")).remove("redis");
		assertThat(CrossChecks.referencedHostsExist(broken, kubernetes)).isNotEmpty()
			.allMatch((problem) -> problem.contains("'redis'"));

		List<JsonNode> withoutRedis = kubernetes.stream()
			.filter((object) -> !KubernetesChecks.name(object).equals("Service redis"))
			.toList();
		assertThat(CrossChecks.referencedHostsExist(compose, withoutRedis)).isNotEmpty()
			.allMatch((problem) -> problem.contains("'redis'"));
	}

	@Test
	void everyWayToReachTheSessionStoreIsChecked() {
		Map<String, Map<String, String>> apps = Services.composeEnvironments(compose).get("app-service");
		assertThat(apps).containsKeys("app [docker/redis-standalone.env]", "app [docker/redis-sentinel.env]");
		assertThat(apps.get("app [docker/redis-sentinel.env]")).containsKeys("SPRING_DATA_REDIS_SENTINEL_MASTER",
				"APP_SESSION_STORE");
		assertThat(Services.composeEnvironments(compose).get("gateway"))
			.containsKeys("gateway [docker/redis-sentinel.env]");
	}

	@Test
	void missingSentinelIsCaught() {
		ObjectNode broken = RepoFiles.copy(compose);
		((ObjectNode) broken.path("services")).remove("sentinel-3");
		assertThat(CrossChecks.referencedHostsExist(broken, kubernetes)).isNotEmpty()
			.allMatch((problem) -> problem.contains("[docker/redis-sentinel.env] points at 'sentinel-3'"));
	}

	@Test
	void gatewayDiscoversReplicasThroughHeadlessServices() {
		assertThat(CrossChecks.discoveryServicesAreHeadless(kubernetes)).isEmpty();
		List<JsonNode> broken = new ArrayList<>(kubernetes);
		ObjectNode service = RepoFiles.copy(KubernetesChecks.named(kubernetes, "Service", "app"));
		((ObjectNode) service.path("spec")).remove("clusterIP");
		broken.set(broken.indexOf(KubernetesChecks.named(kubernetes, "Service", "app")), service);
		assertThat(CrossChecks.discoveryServicesAreHeadless(broken)).isNotEmpty();
	}

	@Test
	void redisRunsWithTheTopologysMemoryBoundsEverywhere() {
		assertThat(CrossChecks.redisMemoryBounds(compose, kubernetes)).isEmpty();
	}

	@Test
	void anUnboundedOrEvictingStoreIsCaught() {
		ObjectNode broken = RepoFiles.copy(compose);
		ArrayNode command = (ArrayNode) broken.path("services").path("redis-lock-1").path("command");
		command.removeAll();
		command.add("redis-server").add("--maxmemory").add("64mb").add("--maxmemory-policy").add("allkeys-lru");
		((ObjectNode) broken.path("services").path("redis")).putArray("command").add("redis-server");
		assertThat(CrossChecks.redisMemoryBounds(broken, kubernetes)).containsExactlyInAnyOrder(
				"compose redis runs Redis without --maxmemory and --maxmemory-policy",
				"compose redis-lock-1 runs Redis with maxmemory 64mb allkeys-lru, the topology model 67108864 bytes "
						+ "noeviction");
	}

	@Test
	void theInFlightHpaScalesOnWhatTheSupervisorScalesOn() {
		assertThat(CrossChecks.inFlightAutoscaling(Kustomize.render(RepoFiles.file("k8s/overlays/in-flight")),
				adapterValues()))
			.isEmpty();
	}

	@Test
	void anHpaOnAnotherTargetOrAnUnservedMetricIsCaught() {
		List<JsonNode> objects = Kustomize.render(RepoFiles.file("k8s/overlays/in-flight"));
		ObjectNode pods = (ObjectNode) KubernetesChecks.named(objects, "HorizontalPodAutoscaler", "app")
			.path("spec")
			.path("metrics")
			.path(0)
			.path("pods");
		((ObjectNode) pods.path("target")).put("averageValue", "10");
		ObjectNode values = RepoFiles.copy(adapterValues());
		((ObjectNode) values.path("rules").path("custom").path(0)).put("seriesQuery",
				"http_server_requests_seconds_count{namespace!=\"\",pod!=\"\"}");
		assertThat(CrossChecks.inFlightAutoscaling(objects, values)).hasSize(2)
			.anyMatch((problem) -> problem.contains("the supervisor an average of 4.0 per replica"))
			.anyMatch((problem) -> problem.contains("not http_server_requests_active_seconds_gcount"));
		assertThat(CrossChecks.inFlightAutoscaling(kubernetes, adapterValues())).as("overlays/local, on CPU")
			.anyMatch((problem) -> problem.contains("must scale on one Pods metric"));
	}

	private static JsonNode adapterValues() {
		return RepoFiles
			.readYaml(RepoFiles.file("k8s/components/in-flight-autoscaling/prometheus-adapter-values.yaml"));
	}

	static List<String> parentModules() {
		Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(RepoFiles.read(RepoFiles.file("pom.xml")));
		List<String> modules = new ArrayList<>();
		while (module.find()) {
			modules.add(module.group(1));
		}
		return modules;
	}

	static String dockerfile(String module) {
		return RepoFiles.read(RepoFiles.file(module).resolve("Dockerfile"));
	}

}
