package dev.scaleout.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files under test: the repository root, the third-party schemas beside it, YAML.
 */
final class RepoFiles {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private RepoFiles() {
	}

	static Path root() {
		String dir = System.getProperty("repo.dir");
		Path root = (dir != null) ? Path.of(dir) : Path.of("..");
		return root.toAbsolutePath().normalize();
	}

	static Path file(String relative) {
		return root().resolve(relative);
	}

	/** The schemas folder, or {@code null} (with a loud warning) when it is absent. */
	static Path schemas() {
		String dir = System.getProperty("schemas.dir");
		Path schemas = (dir != null) ? Path.of(dir) : root().resolve("../shared/schemas");
		if (!Files.isDirectory(schemas)) {
			System.err.println("""

					!!! ============================================================== !!!
					!!! SCHEMAS NOT FOUND at %s
					!!! Schema validation of docker-compose.yml and k8s/ is NOT done;
					!!! the other checks still run. Pass -Dschemas.dir=<folder>.
					!!! ============================================================== !!!
					""".formatted(schemas.toAbsolutePath().normalize()));
			return null;
		}
		return schemas.toAbsolutePath().normalize();
	}

	static JsonNode readYaml(Path path) {
		List<JsonNode> documents = readYamlDocuments(read(path));
		if (documents.size() != 1) {
			throw new IllegalStateException(path + " holds " + documents.size() + " YAML documents, expected 1");
		}
		return documents.get(0);
	}

	/**
	 * Parses YAML with anchors, aliases and merge keys resolved, as Compose and kubectl
	 * read it.
	 */
	static List<JsonNode> readYamlDocuments(String yaml) {
		List<JsonNode> documents = new ArrayList<>();
		for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
			if (document != null) {
				documents.add(JSON.valueToTree(document));
			}
		}
		return documents;
	}

	/** A deep copy to break on purpose in a negative test. */
	static ObjectNode copy(JsonNode node) {
		return (ObjectNode) node.deepCopy();
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
