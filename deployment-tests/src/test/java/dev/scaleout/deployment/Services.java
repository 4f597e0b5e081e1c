package dev.scaleout.deployment;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * What each deployment file says about our own services (those built from this
 * repository's Dockerfiles): their environment, images, probes.
 */
final class Services {

	/** The modules that ship an image, by image repository name. */
	static final Map<String, String> MODULE_BY_IMAGE = Map.of("scaleout/app-service", "app-service", "scaleout/gateway",
			"gateway");

	/**
	 * Variables read by the JVM or a library itself, not by Spring: Tomcat's DNS
	 * membership (session store {@code cluster}) reads its DNS name from the environment.
	 */
	static final Set<String> NON_SPRING_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "DNS_MEMBERSHIP_SERVICE_NAME");

	private Services() {
	}

	/** Compose: module → (service → environment). */
	static Map<String, Map<String, Map<String, String>>> composeEnvironments(JsonNode compose) {
		Map<String, Map<String, Map<String, String>>> result = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
			String module = MODULE_BY_IMAGE.get(repository(service.getValue().path("image").asString("")));
			if (module == null) {
				continue;
			}
			Map<String, String> environment = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> variable : service.getValue().path("environment").properties()) {
				environment.put(variable.getKey(), variable.getValue().asString(""));
			}
			result.computeIfAbsent(module, (key) -> new LinkedHashMap<>()).put(service.getKey(), environment);
		}
		return result;
	}

	/**
	 * Kubernetes: module → (deployment → environment, ConfigMaps and Secrets included).
	 */
	static Map<String, Map<String, Map<String, String>>> kubernetesEnvironments(List<JsonNode> objects) {
		Map<String, Map<String, Map<String, String>>> result = new LinkedHashMap<>();
		for (JsonNode deployment : KubernetesChecks.ofKind(objects, "Deployment")) {
			for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
				String module = MODULE_BY_IMAGE.get(repository(container.path("image").asString("")));
				if (module == null) {
					continue;
				}
				Map<String, String> environment = new LinkedHashMap<>();
				for (JsonNode source : container.path("envFrom")) {
					String kind = source.has("configMapRef") ? "ConfigMap" : "Secret";
					String name = source.path(source.has("configMapRef") ? "configMapRef" : "secretRef")
						.path("name")
						.asString("");
					JsonNode object = KubernetesChecks.named(objects, kind, name);
					if (object == null) {
						environment.put("<missing " + kind + " " + name + ">", "");
						continue;
					}
					for (String field : List.of("data", "stringData")) {
						object.path(field)
							.properties()
							.forEach((e) -> environment.put(e.getKey(), e.getValue().asString("")));
					}
				}
				for (JsonNode variable : container.path("env")) {
					environment.put(variable.path("name").asString(""), variable.path("value").asString(""));
				}
				result.computeIfAbsent(module, (key) -> new LinkedHashMap<>())
					.put(KubernetesChecks.name(deployment), environment);
			}
		}
		return result;
	}

	/**
	 * Host names that a service's configuration points at: values of variables naming a
	 * host, an endpoint or a list of nodes ({@code redis://host:port,...}).
	 */
	static Set<String> referencedHosts(Map<String, String> environment) {
		Set<String> hosts = new LinkedHashSet<>();
		environment.forEach((name, value) -> {
			if (name.endsWith("_HOST") || name.endsWith("_DNSNAME")) {
				hosts.add(value);
			}
			else if (name.endsWith("_ENDPOINT") || name.endsWith("NODES") || name.endsWith("_URLS")) {
				for (String address : value.split(",")) {
					String host = URI.create(address.trim()).getHost();
					if (host != null) {
						hosts.add(host);
					}
				}
			}
		});
		hosts.remove("");
		return hosts;
	}

	static String repository(String image) {
		int colon = image.lastIndexOf(':');
		return (colon > 0) ? image.substring(0, colon) : image;
	}

	static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach((node) -> names.add(node.asString("")));
		return names;
	}

}
