package dev.scaleout.topology.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Processes as children of this JVM, for tests: working directories and logs under a
 * temporary directory, every process killed when the JVM exits (even when a test forgot
 * to close, or its set-up failed half way) and by {@link #close()}, which also deletes
 * the working directories (logs stay, for a failure's post-mortem).
 */
public final class OwnedLauncher implements Launcher, AutoCloseable {

	private final Path root;

	private final Map<String, Process> processes = new LinkedHashMap<>();

	private final Thread shutdownHook = new Thread(this::killAll, "stop-topology");

	OwnedLauncher() {
		try {
			this.root = Files.createTempDirectory("scaleout-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	@Override
	public synchronized RunningProcess launch(ProcessSpec spec) {
		spec.checkInputs();
		spec.files().forEach(ConfigFile::write);
		ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(directory(spec.name()).toFile())
			.redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log(spec.name()).toFile()));
		builder.environment().putAll(spec.environment());
		try {
			Process process = builder.start();
			this.processes.put(spec.name(), process);
			return new RunningProcess(process.toHandle());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + spec.name() + ": " + spec.command().get(0), ex);
		}
	}

	@Override
	public synchronized Optional<RunningProcess> running(String name) {
		Process process = this.processes.get(name);
		return (process != null && process.isAlive()) ? Optional.of(new RunningProcess(process.toHandle()))
				: Optional.empty();
	}

	@Override
	public Path root() {
		return this.root;
	}

	/** Kills every process and deletes the working directories; logs stay. */
	@Override
	public synchronized void close() {
		killAll();
		try (Stream<Path> paths = Files.walk(this.root)) {
			paths.sorted(Comparator.reverseOrder())
				.filter((path) -> !path.startsWith(this.root.resolve("logs")) && !path.equals(this.root))
				.forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// Only a temporary directory left behind.
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			// The JVM is shutting down already, or this launcher was closed before.
		}
	}

	private synchronized void killAll() {
		this.processes.values().forEach(Process::destroyForcibly);
		for (Process process : this.processes.values()) {
			new RunningProcess(process.toHandle()).awaitExit(Duration.ofSeconds(10));
		}
	}

}
