package dev.scaleout.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Rules for the rendered Kubernetes objects beyond their schemas.
 */
final class KubernetesChecks {

	private KubernetesChecks() {
	}

	static List<String> schemaErrors(java.nio.file.Path schemas, List<JsonNode> objects) {
		List<String> problems = new ArrayList<>();
		for (JsonNode object : objects) {
			for (String error : SchemaCheck.kubernetesErrors(schemas, object)) {
				problems.add(name(object) + ": " + error);
			}
		}
		return problems;
	}

	/**
	 * Deployments of our services: all three probes, a preStop pause, requests and
	 * limits.
	 */
	static List<String> replicaHygiene(List<JsonNode> objects) {
		List<String> problems = new ArrayList<>();
		for (JsonNode deployment : ofKind(objects, "Deployment")) {
			JsonNode pod = deployment.path("spec").path("template").path("spec");
			for (JsonNode container : pod.path("containers")) {
				String where = name(deployment) + "/" + container.path("name").asString("");
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					if (!container.has(probe)) {
						problems.add(where + " has no " + probe);
					}
				}
				int preStop = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt(0);
				if (preStop <= 0) {
					problems.add(where + " has no preStop sleep, so balancers may still send to a stopping pod");
				}
				if (pod.path("terminationGracePeriodSeconds").asInt(30) <= preStop + 10) {
					problems.add(where + " terminationGracePeriodSeconds leaves no time to drain after preStop");
				}
				if (!container.path("resources").has("requests") || !container.path("resources").has("limits")) {
					problems.add(where + " lacks resource requests or limits");
				}
			}
		}
		return problems;
	}

	/**
	 * Secret values in git are placeholders: anything named like a secret says
	 * REPLACE-ME.
	 */
	static List<String> placeholderSecrets(List<JsonNode> objects) {
		List<String> problems = new ArrayList<>();
		for (JsonNode secret : ofKind(objects, "Secret")) {
			for (String field : List.of("stringData", "data")) {
				for (Map.Entry<String, JsonNode> entry : secret.path(field).properties()) {
					boolean sensitive = entry.getKey().matches(".*(SECRET|PASSWORD|TOKEN).*");
					if (sensitive && !entry.getValue().asString("").startsWith("REPLACE-ME")) {
						problems.add(name(secret) + " holds a real-looking value for " + entry.getKey());
					}
				}
			}
		}
		return problems;
	}

	static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
		return objects.stream().filter((object) -> kind.equals(object.path("kind").asString(""))).toList();
	}

	static JsonNode named(List<JsonNode> objects, String kind, String name) {
		return ofKind(objects, kind).stream()
			.filter((object) -> name.equals(object.path("metadata").path("name").asString("")))
			.findFirst()
			.orElse(null);
	}

	static String name(JsonNode object) {
		return object.path("kind").asString("?") + " " + object.path("metadata").path("name").asString("?");
	}

}
