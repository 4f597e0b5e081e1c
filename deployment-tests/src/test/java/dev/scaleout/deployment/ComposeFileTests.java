package dev.scaleout.deployment;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class ComposeFileTests {

	JsonNode compose;

	@BeforeEach
	void read() {
		this.compose = RepoFiles.readYaml(RepoFiles.file("docker-compose.yml"));
	}

	@Nested
	class Schema {

		@Test
		void composeFileFollowsTheComposeSpecification() {
			Path schemas = RepoFiles.schemas();
			if (schemas == null) {
				return;
			}
			assertThat(SchemaCheck.errors(schemas.resolve("compose-spec.json"), ComposeFileTests.this.compose))
				.isEmpty();
		}

		@Test
		void unknownKeyOrWrongTypeIsRejected() {
			Path schemas = RepoFiles.schemas();
			if (schemas == null) {
				return;
			}
			ObjectNode unknownKey = RepoFiles.copy(ComposeFileTests.this.compose);
			((ObjectNode) unknownKey.path("services").path("redis")).put("imagee", "redis:7");
			assertThat(SchemaCheck.errors(schemas.resolve("compose-spec.json"), unknownKey)).isNotEmpty();

			ObjectNode wrongType = RepoFiles.copy(ComposeFileTests.this.compose);
			((ObjectNode) wrongType.path("services").path("redis")).putArray("healthcheck");
			assertThat(SchemaCheck.errors(schemas.resolve("compose-spec.json"), wrongType)).isNotEmpty();
		}

	}

	@Nested
	class Rules {

		@Test
		void appIsScalableWithThreeReplicasByDefault() {
			assertThat(ComposeChecks.scalableApp(ComposeFileTests.this.compose)).isEmpty();
		}

		@Test
		void appWithAContainerNameOrTextReplicasIsCaught() {
			ObjectNode broken = RepoFiles.copy(ComposeFileTests.this.compose);
			ObjectNode app = (ObjectNode) broken.path("services").path("app");
			app.put("container_name", "app");
			((ObjectNode) app.path("deploy")).put("replicas", "3");
			assertThat(ComposeChecks.scalableApp(broken)).hasSize(2);
		}

		@Test
		void everyServiceIsHealthCheckedAndStartsAfterHealthyDependencies() {
			assertThat(ComposeChecks.healthchecksAndOrdering(ComposeFileTests.this.compose)).isEmpty();
		}

		@Test
		void missingHealthcheckOrUnconditionalDependencyIsCaught() {
			ObjectNode broken = RepoFiles.copy(ComposeFileTests.this.compose);
			((ObjectNode) broken.path("services").path("redis")).remove("healthcheck");
			((ObjectNode) broken.path("services").path("gateway").path("depends_on").path("redis")).put("condition",
					"service_started");
			assertThat(ComposeChecks.healthchecksAndOrdering(broken)).hasSize(2);
		}

		@Test
		void imagesArePinned() {
			assertThat(ComposeChecks.pinnedImages(ComposeFileTests.this.compose)).isEmpty();
			ObjectNode broken = RepoFiles.copy(ComposeFileTests.this.compose);
			((ObjectNode) broken.path("services").path("redis")).put("image", "redis:latest");
			assertThat(ComposeChecks.pinnedImages(broken)).hasSize(1);
		}

	}

}
