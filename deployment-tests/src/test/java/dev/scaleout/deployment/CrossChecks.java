package dev.scaleout.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.scaleout.topology.RedisMemory;
import dev.scaleout.topology.autoscale.ScalingPolicy;
import dev.scaleout.topology.settings.Key;
import tools.jackson.databind.JsonNode;

/**
 * Checks that the deployment files agree with the code: configuration that configures
 * something, probes where the actuator is, the images the Dockerfiles build, the stores
 * the app needs, the discovery name the gateway resolves.
 */
final class CrossChecks {

	private static final Pattern HEALTHCHECK_URL = Pattern.compile("http://[^:/]+:(\\d+)(/actuator/health/\\w+)");

	private CrossChecks() {
	}

	static List<String> unboundVariables(Map<String, Map<String, Map<String, String>>> environments,
			Function<String, KnownProperties> properties) {
		List<String> problems = new ArrayList<>();
		environments.forEach((module, services) -> services.forEach((service, environment) -> {
			for (String variable : environment.keySet()) {
				if (!Services.NON_SPRING_VARIABLES.contains(variable)
						&& !properties.apply(module).bindsEnvironmentVariable(variable)) {
					problems.add(service + ": " + variable + " binds to no property that " + module + " reads");
				}
			}
		}));
		return problems;
	}

	/**
	 * Every key of the topology model (what {@code ./scaleout} and the tests start each
	 * process with) binds to a property the module reads: by its environment variable,
	 * or, for a map entry no variable can name, by its property name.
	 */
	static List<String> unboundKeys(List<Key<?>> keys, String module, KnownProperties properties) {
		List<String> problems = new ArrayList<>();
		for (Key<?> key : keys) {
			if (key.hasEnvironmentVariable() ? !properties.bindsEnvironmentVariable(key.environmentVariable())
					: !properties.bindsProperty(key.property())) {
				problems.add("topology model: " + (key.hasEnvironmentVariable() ? key.environmentVariable() : key)
						+ " (" + key + ") binds to no property that " + module + " reads");
			}
		}
		return problems;
	}

	/**
	 * Kubernetes probes and compose healthchecks point at the module's actuator port and
	 * groups.
	 */
	static List<String> probes(JsonNode compose, List<JsonNode> objects, Function<String, ActuatorConfig> actuator) {
		List<String> problems = new ArrayList<>();
		for (JsonNode deployment : KubernetesChecks.ofKind(objects, "Deployment")) {
			for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
				String module = Services.MODULE_BY_IMAGE.get(Services.repository(container.path("image").asString("")));
				if (module == null) {
					continue;
				}
				ActuatorConfig config = actuator.apply(module);
				String where = KubernetesChecks.name(deployment);
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					JsonNode http = container.path(probe).path("httpGet");
					int port = portNumber(container, http.path("port"));
					if (port != config.managementPort()) {
						problems.add(where + " " + probe + " on port " + port + ", actuator is on "
								+ config.managementPort());
					}
					if (!config.servesProbe(http.path("path").asString(""))) {
						problems.add(where + " " + probe + " path " + http.path("path") + " is no health group of "
								+ module);
					}
				}
				if (portNumber(container, container.path("ports").path(0).path("containerPort")) != config
					.serverPort()) {
					problems.add(where + " first containerPort is not server.port " + config.serverPort());
				}
			}
		}
		for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
			String module = Services.MODULE_BY_IMAGE
				.get(Services.repository(service.getValue().path("image").asString("")));
			if (module == null) {
				continue;
			}
			ActuatorConfig config = actuator.apply(module);
			String test = String.join(" ", Services.names(service.getValue().path("healthcheck").path("test")));
			Matcher url = HEALTHCHECK_URL.matcher(test);
			if (!url.find() || Integer.parseInt(url.group(1)) != config.managementPort()
					|| !config.servesProbe(url.group(2))) {
				problems.add("compose " + service.getKey() + " healthcheck '" + test + "' misses the actuator at port "
						+ config.managementPort());
			}
		}
		return problems;
	}

	/**
	 * Images named in k8s are those compose builds, from Dockerfiles that exist and build
	 * every module.
	 */
	static List<String> images(JsonNode compose, List<JsonNode> objects, List<String> parentModules,
			Function<String, String> dockerfileText, Function<String, ActuatorConfig> actuator) {
		List<String> problems = new ArrayList<>();
		Set<String> built = new java.util.HashSet<>();
		for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
			String image = service.getValue().path("image").asString("");
			String module = Services.MODULE_BY_IMAGE.get(Services.repository(image));
			if (module == null) {
				continue;
			}
			built.add(image);
			String dockerfile = service.getValue().path("build").path("dockerfile").asString("");
			if (!dockerfile.equals(module + "/Dockerfile")) {
				problems.add("compose " + service.getKey() + " builds " + image + " from '" + dockerfile + "'");
				continue;
			}
			String text = dockerfileText.apply(module);
			for (String other : parentModules) {
				if (!text.contains("COPY " + other + "/pom.xml")) {
					problems
						.add(dockerfile + " does not copy " + other + "/pom.xml; the reactor build in the image fails");
				}
			}
			if (!text.contains("EXPOSE " + actuator.apply(module).serverPort())) {
				problems.add(dockerfile + " does not EXPOSE server.port " + actuator.apply(module).serverPort());
			}
		}
		for (JsonNode deployment : KubernetesChecks.ofKind(objects, "Deployment")) {
			for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
				String image = container.path("image").asString("");
				if (image.startsWith("scaleout/") && !built.contains(image)) {
					problems
						.add(KubernetesChecks.name(deployment) + " runs " + image + ", which compose does not build");
				}
			}
		}
		return problems;
	}

	/** Every host our services are configured to reach exists in compose and in k8s. */
	static List<String> referencedHostsExist(JsonNode compose, List<JsonNode> objects) {
		List<String> problems = new ArrayList<>();
		Services.composeEnvironments(compose).forEach((module, services) -> services.forEach((service, environment) -> {
			for (String host : Services.referencedHosts(environment)) {
				if (!compose.path("services").has(host)) {
					problems.add("compose " + service + " points at '" + host + "', which is no compose service");
				}
			}
		}));
		Services.kubernetesEnvironments(objects)
			.forEach((module, deployments) -> deployments.forEach((deployment, environment) -> {
				for (String host : Services.referencedHosts(environment)) {
					problems.addAll(kubernetesHostProblems(objects, deployment, host));
				}
			}));
		return problems;
	}

	/**
	 * The gateway's DNS discovery names are headless Services, so they resolve to every
	 * pod.
	 */
	static List<String> discoveryServicesAreHeadless(List<JsonNode> objects) {
		List<String> problems = new ArrayList<>();
		Services.kubernetesEnvironments(objects)
			.getOrDefault("gateway", Map.of())
			.forEach((deployment, environment) -> environment.forEach((variable, value) -> {
				if (variable.endsWith("_DNSNAME")) {
					JsonNode service = KubernetesChecks.named(objects, "Service", value);
					if (service == null || !"None".equals(service.path("spec").path("clusterIP").asString(""))) {
						problems.add(deployment + " discovers '" + value + "', which is no headless Service");
					}
				}
			}));
		return problems;
	}

	/**
	 * The Redis servers of compose and k8s run with the memory bound and eviction policy
	 * of the topology model's {@link RedisMemory}: the session store's, the lock nodes'.
	 */
	static List<String> redisMemoryBounds(JsonNode compose, List<JsonNode> objects) {
		List<String> problems = new ArrayList<>();
		Map<String, RedisMemory> composeServices = Map.of("redis", RedisMemory.SESSION_STORE, "redis-replica",
				RedisMemory.SESSION_STORE, "redis-lock-1", RedisMemory.LOCK_NODE, "redis-lock-2", RedisMemory.LOCK_NODE,
				"redis-lock-3", RedisMemory.LOCK_NODE);
		composeServices.forEach((service, expected) -> {
			JsonNode command = compose.path("services").path(service).path("command");
			checkRedisMemory("compose " + service, Services.names(command), expected, problems);
		});
		Map<String, RedisMemory> statefulSets = Map.of("redis", RedisMemory.SESSION_STORE, "redis-lock",
				RedisMemory.LOCK_NODE);
		statefulSets.forEach((name, expected) -> {
			JsonNode set = KubernetesChecks.named(objects, "StatefulSet", name);
			JsonNode args = (set != null)
					? set.path("spec").path("template").path("spec").path("containers").path(0).path("args") : null;
			checkRedisMemory("StatefulSet " + name, (args != null) ? Services.names(args) : List.of(), expected,
					problems);
		});
		return problems;
	}

	private static void checkRedisMemory(String where, List<String> args, RedisMemory expected, List<String> problems) {
		int max = args.indexOf("--maxmemory");
		int policy = args.indexOf("--maxmemory-policy");
		if (max < 0 || max + 1 >= args.size() || policy < 0 || policy + 1 >= args.size()) {
			problems.add(where + " runs Redis without --maxmemory and --maxmemory-policy");
			return;
		}
		long bytes = redisBytes(args.get(max + 1));
		if (bytes != expected.maxBytes() || !args.get(policy + 1).equals(expected.policy().redisName())) {
			problems.add(where + " runs Redis with maxmemory " + args.get(max + 1) + " " + args.get(policy + 1)
					+ ", the topology model " + expected.maxBytes() + " bytes " + expected.policy().redisName());
		}
	}

	/** A size as redis.conf writes it: {@code 256mb} (1024-based), {@code 1gb}, bytes. */
	/**
	 * The app's HPA on requests in flight scales on what the local supervisor scales on:
	 * the same target per replica, the HPA's own default windows (as
	 * {@link ScalingPolicy#hpaDefaults} names them), a metric prometheus-adapter serves,
	 * from the series the replicas export.
	 */
	static List<String> inFlightAutoscaling(List<JsonNode> objects, JsonNode adapterValues) {
		List<String> problems = new ArrayList<>();
		JsonNode hpa = KubernetesChecks.named(objects, "HorizontalPodAutoscaler", "app");
		if (hpa == null) {
			return List.of("no HorizontalPodAutoscaler app");
		}
		JsonNode metrics = hpa.path("spec").path("metrics");
		JsonNode pods = metrics.path(0).path("pods");
		if (metrics.size() != 1 || !"Pods".equals(metrics.path(0).path("type").asString(""))) {
			problems.add("HPA app must scale on one Pods metric, has " + metrics);
		}
		if (!ScalingPolicy.HPA_IN_FLIGHT_METRIC.equals(pods.path("metric").path("name").asString(""))) {
			problems.add("HPA app scales on " + pods.path("metric").path("name") + ", not "
					+ ScalingPolicy.HPA_IN_FLIGHT_METRIC);
		}
		String target = pods.path("target").path("averageValue").asString("");
		if (!"AverageValue".equals(pods.path("target").path("type").asString("")) || !target.matches("[0-9.]+")
				|| Double.parseDouble(target) != ScalingPolicy.TARGET_IN_FLIGHT) {
			problems.add("HPA app targets " + pods.path("target") + ", the supervisor an average of "
					+ ScalingPolicy.TARGET_IN_FLIGHT + " per replica");
		}
		ScalingPolicy defaults = ScalingPolicy.hpaDefaults(1, 1, ScalingPolicy.TARGET_IN_FLIGHT);
		JsonNode behavior = hpa.path("spec").path("behavior");
		long up = behavior.path("scaleUp").path("stabilizationWindowSeconds").asLong(-1);
		long down = behavior.path("scaleDown").path("stabilizationWindowSeconds").asLong(-1);
		if (up != defaults.scaleUpWindow().toSeconds() || down != defaults.scaleDownWindow().toSeconds()) {
			problems.add("HPA app's windows are " + up + " s up / " + down + " s down, the HPA's defaults "
					+ defaults.scaleUpWindow().toSeconds() + " / " + defaults.scaleDownWindow().toSeconds());
		}
		JsonNode rules = adapterValues.path("rules").path("custom");
		boolean served = false;
		for (JsonNode rule : rules) {
			if (ScalingPolicy.HPA_IN_FLIGHT_METRIC.equals(rule.path("name").path("as").asString(""))) {
				served = true;
				if (!rule.path("seriesQuery").asString("").startsWith(ScalingPolicy.REPLICA_IN_FLIGHT_SERIES + "{")) {
					problems.add("prometheus-adapter serves " + ScalingPolicy.HPA_IN_FLIGHT_METRIC + " from "
							+ rule.path("seriesQuery") + ", not " + ScalingPolicy.REPLICA_IN_FLIGHT_SERIES);
				}
			}
		}
		if (!served) {
			problems.add("no prometheus-adapter rule serves " + ScalingPolicy.HPA_IN_FLIGHT_METRIC);
		}
		return problems;
	}

	static long redisBytes(String text) {
		Matcher size = Pattern.compile("(?i)([0-9]+)(kb|mb|gb)?").matcher(text.trim());
		if (!size.matches()) {
			return -1;
		}
		long value = Long.parseLong(size.group(1));
		String unit = (size.group(2) != null) ? size.group(2).toLowerCase() : "";
		return switch (unit) {
			case "kb" -> value * 1024;
			case "mb" -> value * 1024 * 1024;
			case "gb" -> value * 1024 * 1024 * 1024;
			default -> value;
		};
	}

	private static List<String> kubernetesHostProblems(List<JsonNode> objects, String deployment, String host) {
		String[] labels = host.split("\\.");
		if (labels.length == 1) {
			return (KubernetesChecks.named(objects, "Service", host) != null) ? List.of()
					: List.of(deployment + " points at '" + host + "', which is no Service");
		}
		// pod.service: a StatefulSet pod behind its governing headless Service.
		String pod = labels[0];
		String service = labels[1];
		for (JsonNode set : KubernetesChecks.ofKind(objects, "StatefulSet")) {
			String name = set.path("metadata").path("name").asString("");
			int replicas = set.path("spec").path("replicas").asInt(1);
			if (service.equals(set.path("spec").path("serviceName").asString("")) && pod.startsWith(name + "-")
					&& Integer.parseInt(pod.substring(name.length() + 1)) < replicas
					&& KubernetesChecks.named(objects, "Service", service) != null) {
				return List.of();
			}
		}
		return List.of(deployment + " points at '" + host + "', which no StatefulSet pod and Service provide");
	}

	private static int portNumber(JsonNode container, JsonNode port) {
		if (port.isNumber()) {
			return port.asInt();
		}
		for (JsonNode declared : container.path("ports")) {
			if (port.asString("").equals(declared.path("name").asString(""))) {
				return declared.path("containerPort").asInt();
			}
		}
		return -1;
	}

}
