package dev.scaleout.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Rules for docker-compose.yml beyond its schema. Each returns the problems it finds, so
 * a test can show that the real file has none and a broken copy has some.
 */
final class ComposeChecks {

	/**
	 * Services that run once and exit: no healthcheck, others wait for their completion.
	 */
	static final Set<String> ONE_SHOT = Set.of("minio-init");

	private ComposeChecks() {
	}

	static List<String> scalableApp(JsonNode compose) {
		List<String> problems = new ArrayList<>();
		JsonNode app = compose.path("services").path("app");
		if (app.isMissingNode()) {
			return List.of("no service 'app'");
		}
		if (app.has("container_name")) {
			problems.add("app has container_name, which makes --scale impossible");
		}
		if (app.has("ports")) {
			problems.add("app publishes fixed host ports, which makes --scale impossible");
		}
		JsonNode replicas = app.path("deploy").path("replicas");
		if (!replicas.isIntegralNumber() || replicas.asInt() != 3) {
			problems.add("app deploy.replicas must be the number 3, is " + replicas);
		}
		return problems;
	}

	static List<String> healthchecksAndOrdering(JsonNode compose) {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
			String name = service.getKey();
			if (!ONE_SHOT.contains(name) && !service.getValue().has("healthcheck")) {
				problems.add(name + " has no healthcheck");
			}
			JsonNode dependsOn = service.getValue().path("depends_on");
			if (dependsOn.isArray()) {
				problems.add(name + " depends_on without conditions");
			}
			for (Map.Entry<String, JsonNode> dependency : dependsOn.properties()) {
				String condition = dependency.getValue().path("condition").asString("");
				String expected = ONE_SHOT.contains(dependency.getKey()) ? "service_completed_successfully"
						: "service_healthy";
				if (!condition.equals(expected)) {
					problems.add(name + " depends on " + dependency.getKey() + " with condition '" + condition
							+ "', expected " + expected);
				}
			}
		}
		return problems;
	}

	static List<String> pinnedImages(JsonNode compose) {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
			String image = service.getValue().path("image").asString("");
			if (image.isEmpty()) {
				problems.add(service.getKey() + " has no image name");
			}
			else if (!image.contains(":") || image.endsWith(":latest")) {
				problems.add(service.getKey() + " uses an unpinned image: " + image);
			}
		}
		return problems;
	}

}
