package dev.scaleout.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

	/**
	 * Compose: module → (service → environment), {@code env_file} included. A file named
	 * with a variable ({@code docker/redis-${REDIS_MODE:-standalone}.env}) stands for
	 * every file it can name: the service appears once per file, as
	 * {@code service [file]}, so each choice is checked.
	 */
	static Map<String, Map<String, Map<String, String>>> composeEnvironments(JsonNode compose) {
		Map<String, Map<String, Map<String, String>>> result = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
			String module = MODULE_BY_IMAGE.get(repository(service.getValue().path("image").asString("")));
			if (module == null) {
				continue;
			}
			Map<String, String> environment = new LinkedHashMap<>();
			List<Path> choices = new ArrayList<>();
			JsonNode envFiles = service.getValue().path("env_file");
			for (JsonNode envFile : envFiles.isArray() ? envFiles : List.of(envFiles)) {
				String path = envFile.isObject() ? envFile.path("path").asString("") : envFile.asString("");
				if (path.contains("${")) {
					choices.addAll(filesMatching(path));
				}
				else if (!path.isEmpty()) {
					environment.putAll(envFile(RepoFiles.file(path)));
				}
			}
			for (Map.Entry<String, JsonNode> variable : service.getValue().path("environment").properties()) {
				environment.put(variable.getKey(), variable.getValue().asString(""));
			}
			Map<String, Map<String, String>> services = result.computeIfAbsent(module, (key) -> new LinkedHashMap<>());
			if (choices.isEmpty()) {
				services.put(service.getKey(), environment);
			}
			for (Path choice : choices) {
				Map<String, String> chosen = new LinkedHashMap<>(envFile(choice));
				chosen.putAll(environment);
				services.put(service.getKey() + " [" + RepoFiles.root().relativize(choice) + "]", chosen);
			}
		}
		return result;
	}

	/** The files a path with {@code ${...}} in its file name can name. */
	private static List<Path> filesMatching(String path) {
		Path pattern = RepoFiles.file(path);
		String glob = pattern.getFileName().toString().replaceAll("\\$\\{[^}]*}", "*");
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> matches = Files.newDirectoryStream(pattern.getParent(), glob)) {
			matches.forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (files.isEmpty()) {
			throw new IllegalStateException("env_file " + path + " names no file");
		}
		files.sort(null);
		return files;
	}

	/** KEY=VALUE lines; blank lines and comments skipped. */
	private static Map<String, String> envFile(Path file) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String line : RepoFiles.read(file).split("\n")) {
			String trimmed = line.strip();
			if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
				int equals = trimmed.indexOf('=');
				variables.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
			}
		}
		return variables;
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
					// host:port (Sentinel nodes) as well as redis://host:port and URLs.
					String uri = address.contains("://") ? address.trim() : "redis://" + address.trim();
					String host = URI.create(uri).getHost();
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
