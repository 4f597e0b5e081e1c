package dev.scaleout.deployment;

import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Where a module serves its probes, read from its own application.yml.
 *
 * @param serverPort the application port
 * @param managementPort the actuator port (the server port unless a separate one is set)
 * @param healthGroups the health groups it defines (liveness, readiness, ...)
 */
record ActuatorConfig(int serverPort, int managementPort, Set<String> healthGroups) {

	static ActuatorConfig of(String module) {
		JsonNode yaml = RepoFiles
			.readYamlDocuments(RepoFiles.read(RepoFiles.file(module).resolve("src/main/resources/application.yml")))
			.get(0);
		int serverPort = yaml.path("server").path("port").asInt(8080);
		int managementPort = yaml.path("management").path("server").path("port").asInt(serverPort);
		Set<String> groups = new LinkedHashSet<>();
		yaml.path("management")
			.path("endpoint")
			.path("health")
			.path("group")
			.properties()
			.forEach((group) -> groups.add(group.getKey()));
		return new ActuatorConfig(serverPort, managementPort, groups);
	}

	/** Whether an HTTP probe path names a health group this module defines. */
	boolean servesProbe(String path) {
		return path.startsWith("/actuator/health/")
				&& this.healthGroups.contains(path.substring("/actuator/health/".length()));
	}

}
