package dev.scaleout.app.system;

import java.net.InetAddress;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The compose container's name from Docker's answer; inside a real container it is
 * checked by ComposeEndToEndTests (deployment-tests).
 */
class ContainerNameTests {

	@Test
	void theNameIsTheFirstLabelOfWhatDockersDnsAnswers() {
		assertThat(ContainerName.firstLabel("scaleout-app-2.scaleout_default.")).hasValue("scaleout-app-2");
		assertThat(ContainerName.firstLabel("scaleout-app-2")).hasValue("scaleout-app-2");
		assertThat(ContainerName.firstLabel(".")).isEmpty();
	}

	@Test
	void outsideAContainerThereIsNoneAndTheHostNameStays() throws Exception {
		assumeFalse(Files.exists(ContainerName.DOCKER_MARKER), "these tests run inside a container");
		assertThat(ContainerName.of(InetAddress.getLoopbackAddress())).isEmpty();
	}

}
