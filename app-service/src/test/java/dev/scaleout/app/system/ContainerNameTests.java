package dev.scaleout.app.system;

import java.net.InetAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

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
	void outsideAContainerThereIsNoneAndTheHostNameStays(@TempDir Path noContainer) throws Exception {
		assertThat(ContainerName.of(InetAddress.getByName("127.0.0.1"), noContainer.resolve(".dockerenv"))).isEmpty();
	}

}
