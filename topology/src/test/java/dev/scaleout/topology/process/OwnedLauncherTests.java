package dev.scaleout.topology.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A test's processes end with it: closed, they are killed and their data is gone. */
class OwnedLauncherTests {

	@Test
	void closeKillsEveryProcessAndDeletesTheirDataButKeepsTheLogs() throws Exception {
		OwnedLauncher launcher = Launcher.owned();
		RunningProcess process = launcher.launch(new ProcessSpec("worker",
				List.of("bash", "-c", "echo started; exec sleep 60"), Map.of("GREETING", "hello"), List.of()));
		Path data = Files.writeString(launcher.directory("worker").resolve("data"), "kept until close");
		assertThat(launcher.running("worker")).isPresent();
		// Killed before bash ran its echo, the log would rightly be empty.
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!Files.readString(launcher.log("worker")).contains("started") && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		launcher.close();

		assertThat(process.isAlive()).isFalse();
		assertThat(launcher.running("worker")).isEmpty();
		assertThat(data).doesNotExist();
		assertThat(Files.readString(launcher.log("worker"))).contains("started");
	}

	@Test
	void aMissingInputIsNamedWithHowToBuildIt() {
		try (OwnedLauncher launcher = Launcher.owned()) {
			ProcessSpec spec = new ProcessSpec("app-1", List.of("java", "-jar", "/nowhere/app.jar"), Map.of(),
					List.of(), List.of(Path.of("/nowhere/app.jar")));
			assertThatIllegalStateException().isThrownBy(() -> launcher.launch(spec))
				.withMessageContaining("No /nowhere/app.jar for app-1")
				.withMessageContaining("./mvnw -q -B -DskipTests package");
		}
	}

}
