package dev.scaleout.topology.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's processes outlive the call that started them and are found again by the
 * next one, and nothing it did not start is ever taken for one of its own.
 */
class DetachedLauncherTests {

	@TempDir
	Path state;

	Process stranger;

	RunningProcess started;

	/** A process that carries the marker of {@code name}, as the launcher's do. */
	static ProcessSpec sleeper(String name) {
		// A loop, so that bash stays the process (it would exec a single sleep).
		return new ProcessSpec(name, List.of("bash", "-c", "while :; do sleep 0.2; done", Markers.title(name)),
				Map.of(), List.of());
	}

	@AfterEach
	void stopAll() {
		if (this.started != null) {
			this.started.signal(Signal.KILL);
		}
		if (this.stranger != null) {
			this.stranger.destroyForcibly();
		}
	}

	@Test
	void aLaterLauncherFindsTheProcessByItsPidFile() throws Exception {
		this.started = Launcher.detached(this.state).launch(sleeper("sleeper"));

		DetachedLauncher later = Launcher.detached(this.state);
		assertThat(later.running("sleeper"))
			.hasValueSatisfying((found) -> assertThat(found.pid()).isEqualTo(this.started.pid()));
		assertThat(later.recorded()).containsExactly("sleeper");
		assertThat(Files.readString(this.state.resolve("pids/sleeper.pid")).trim())
			.isEqualTo(String.valueOf(this.started.pid()));
		assertThat(Files.readString(later.log("sleeper"))).contains("sleeper started by ./scaleout");
	}

	@Test
	void itRunsInASessionOfItsOwnSoNoSignalOfTheTerminalReachesIt() throws Exception {
		this.started = Launcher.detached(this.state).launch(sleeper("sleeper"));
		// setsid starts the session a moment after it was exec'd.
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (sessionOf(this.started.pid()) != this.started.pid() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(sessionOf(this.started.pid())).isEqualTo(this.started.pid())
			.isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
	}

	@Test
	void aPidFileNamingSomeoneElsesProcessIsForgottenAndTheProcessLeftAlone() throws Exception {
		this.stranger = new ProcessBuilder("sleep", "60").start();
		Files.createDirectories(this.state.resolve("pids"));
		Files.writeString(this.state.resolve("pids/app-2.pid"), this.stranger.pid() + "\n");

		DetachedLauncher launcher = Launcher.detached(this.state);
		assertThat(launcher.running("app-2")).isEmpty();
		assertThat(this.state.resolve("pids/app-2.pid")).doesNotExist();
		assertThat(this.stranger.isAlive()).isTrue();
	}

	@Test
	void aProcessThatIsGoneIsNotRunning() throws Exception {
		DetachedLauncher launcher = Launcher.detached(this.state);
		RunningProcess process = launcher.launch(sleeper("sleeper"));
		process.signal(Signal.TERM);
		assertThat(process.awaitExit(Duration.ofSeconds(10))).isTrue();
		assertThat(launcher.running("sleeper")).isEmpty();
	}

	@Test
	void aMarkerOfAnotherNameIsNotOurs() throws Exception {
		this.started = Launcher.detached(this.state).launch(sleeper("app-1"));
		Files.copy(this.state.resolve("pids/app-1.pid"), this.state.resolve("pids/app-10.pid"));
		assertThat(Launcher.detached(this.state).running("app-10")).isEmpty();
		assertThat(Launcher.detached(this.state).running("app-1")).isPresent();
	}

	/** The session id: the sixth field of /proc/PID/stat. */
	private static long sessionOf(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[3]);
	}

}
