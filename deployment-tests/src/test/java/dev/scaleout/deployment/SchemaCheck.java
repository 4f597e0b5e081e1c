package dev.scaleout.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schema validation of YAML documents: the Compose Specification schema and strict
 * per-kind Kubernetes schemas (unknown fields and wrong types rejected).
 */
final class SchemaCheck {

	private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

	private static final Map<Path, Schema> CACHE = new ConcurrentHashMap<>();

	/** Kubernetes kinds this project uses, and the schema file of each. */
	static final Map<String, String> KUBERNETES_SCHEMAS = Map.of("apps/v1/Deployment", "deployment-apps-v1.json",
			"apps/v1/StatefulSet", "statefulset-apps-v1.json", "v1/Service", "service-v1.json", "v1/ConfigMap",
			"configmap-v1.json", "v1/Secret", "secret-v1.json", "v1/Namespace", "namespace-v1.json",
			"autoscaling/v2/HorizontalPodAutoscaler", "horizontalpodautoscaler-autoscaling-v2.json",
			"policy/v1/PodDisruptionBudget", "poddisruptionbudget-policy-v1.json", "networking.k8s.io/v1/Ingress",
			"ingress-networking-v1.json");

	private SchemaCheck() {
	}

	static List<String> errors(Path schemaFile, JsonNode document) {
		Schema schema = CACHE.computeIfAbsent(schemaFile, SchemaCheck::load);
		return schema.validate(document).stream().map(Error::toString).toList();
	}

	/**
	 * Validates one Kubernetes object against the schema of its kind.
	 * @return the errors; an object of a kind without a schema is an error itself
	 */
	static List<String> kubernetesErrors(Path schemas, JsonNode object) {
		String key = object.path("apiVersion").asString("") + "/" + object.path("kind").asString("");
		String file = KUBERNETES_SCHEMAS.get(key);
		if (file == null) {
			return List.of("no schema for " + key + " (add it to SchemaCheck.KUBERNETES_SCHEMAS)");
		}
		return errors(schemas.resolve("k8s").resolve(file), object);
	}

	private static Schema load(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			// Loaded at its own location, so a relative $id (compose_spec.json) resolves.
			return REGISTRY.getSchema(SchemaLocation.of(file.toUri().toString()), in, InputFormat.JSON);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
