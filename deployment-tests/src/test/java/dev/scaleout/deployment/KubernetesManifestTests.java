package dev.scaleout.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/ rendered offline with kustomize, every object validated strictly against the
 * schema of its kind.
 */
class KubernetesManifestTests {

	@ParameterizedTest
	@ValueSource(strings = { "k8s/base", "k8s/overlays/local", "k8s/overlays/in-flight" })
	void everyRenderedObjectMatchesItsStrictSchema(String kustomization) {
		List<JsonNode> objects = Kustomize.render(RepoFiles.file(kustomization));
		assertThat(objects).hasSizeGreaterThan(10);
		Path schemas = RepoFiles.schemas();
		if (schemas == null) {
			return;
		}
		assertThat(KubernetesChecks.schemaErrors(schemas, objects)).isEmpty();
	}

	@Test
	void unknownFieldWrongTypeAndUnknownKindAreRejected() {
		Path schemas = RepoFiles.schemas();
		if (schemas == null) {
			return;
		}
		List<JsonNode> objects = Kustomize.render(RepoFiles.file("k8s/base"));
		ObjectNode unknownField = RepoFiles.copy(KubernetesChecks.named(objects, "Deployment", "app"));
		((ObjectNode) unknownField.path("spec")).put("replicaz", 3);
		ObjectNode wrongType = RepoFiles.copy(KubernetesChecks.named(objects, "Deployment", "app"));
		((ObjectNode) wrongType.path("spec")).put("replicas", "three");
		ObjectNode unknownKind = RepoFiles.copy(KubernetesChecks.named(objects, "Service", "app"));
		unknownKind.put("kind", "Servise");

		assertThat(KubernetesChecks.schemaErrors(schemas, List.of(unknownField))).isNotEmpty();
		assertThat(KubernetesChecks.schemaErrors(schemas, List.of(wrongType))).isNotEmpty();
		assertThat(KubernetesChecks.schemaErrors(schemas, List.of(unknownKind))).isNotEmpty();
	}

	@Test
	void kustomizeRejectsAnUnknownKustomizationField(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				resourcez:
				  - namespace.yaml
				""");
		assertThat(Kustomize.run(dir).exitCode()).isNotZero();
	}

	@Test
	void replicasHaveProbesDrainTimeAndResources() {
		List<JsonNode> objects = Kustomize.render(RepoFiles.file("k8s/overlays/local"));
		assertThat(KubernetesChecks.replicaHygiene(objects)).isEmpty();

		ObjectNode broken = RepoFiles.copy(KubernetesChecks.named(objects, "Deployment", "app"));
		ObjectNode container = (ObjectNode) broken.path("spec").path("template").path("spec").path("containers").get(0);
		container.remove("readinessProbe");
		container.remove("lifecycle");
		assertThat(KubernetesChecks.replicaHygiene(List.of(broken))).hasSize(2);
	}

	@Test
	void secretsInGitArePlaceholders() {
		List<JsonNode> objects = Kustomize.render(RepoFiles.file("k8s/base"));
		assertThat(KubernetesChecks.placeholderSecrets(objects)).isEmpty();

		ObjectNode leaked = RepoFiles.copy(KubernetesChecks.named(objects, "Secret", "app-secrets"));
		((ObjectNode) leaked.path("stringData")).put("APP_SESSION_JWT_SECRET", "s3cr3t-that-someone-committed");
		assertThat(KubernetesChecks.placeholderSecrets(List.of(leaked))).hasSize(1);
	}

}
