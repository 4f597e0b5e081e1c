package dev.scaleout.topology.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Processes that outlive the JVM that started them, for {@code ./scaleout}: each starts
 * in a session of its own ({@code setsid}), so neither the end of this JVM nor a Ctrl-C
 * in the terminal reaches it; its pid goes to {@code pids/NAME.pid}, its output to
 * {@code logs/NAME.log}, its data to {@code NAME/}, all under the state directory. A
 * later call finds it there, and only a live process whose command line carries its
 * {@link Markers marker} is ever taken for it: nothing this launcher did not start is
 * signalled.
 */
public final class DetachedLauncher implements Launcher {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	/**
	 * How long a process this launcher started is taken for its own whatever its command
	 * line says (see {@link #launchedJustNow}): no pid is reused so soon.
	 */
	private static final Duration FRESH = Duration.ofSeconds(5);

	private final Path stateDir;

	private final Map<String, Launched> launched = new ConcurrentHashMap<>();

	DetachedLauncher(Path stateDir) {
		this.stateDir = stateDir.toAbsolutePath().normalize();
	}

	public Path stateDir() {
		return this.stateDir;
	}

	@Override
	public RunningProcess launch(ProcessSpec spec) {
		spec.checkInputs();
		spec.files().forEach(ConfigFile::write);
		List<String> command = new ArrayList<>();
		// Not a process group leader (a child of this JVM), so setsid execs in place: the
		// pid below is the process's own.
		if (Files.isExecutable(SETSID)) {
			command.add(SETSID.toString());
		}
		command.addAll(spec.command());
		Path log = log(spec.name());
		try {
			Files.writeString(log, "---- " + spec.name() + " started by ./scaleout at " + Instant.now() + " ----\n",
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory(spec.name()).toFile())
			.redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(spec.environment());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + spec.name() + ": " + spec.command().get(0), ex);
		}
		// Until the child has exec'd the command its command line is the JVM's spawn
		// helper's:
		// a pid file written earlier would let a concurrent call take it for a stale one.
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (process.isAlive() && !isExecd(process.pid(), spec.name()) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		writePid(spec.name(), process.pid());
		this.launched.put(spec.name(), new Launched(process.pid(), Instant.now()));
		return new RunningProcess(process.toHandle());
	}

	@Override
	public Optional<RunningProcess> running(String name) {
		Path file = pidFile(name);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			long pid = Long.parseLong(Files.readString(file).trim());
			Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
			if (handle.isPresent() && Markers.carries(pid, name)) {
				return Optional.of(new RunningProcess(handle.get()));
			}
			if (handle.isPresent() && launchedJustNow(name, pid)) {
				// Launched here moments ago: a command line without the marker at this
				// instant is one being rewritten (redis-server sets its process title as
				// it starts), not another process's. Taking it for a stale file failed an
				// experiment's start with "redis exited".
				return Optional.of(new RunningProcess(handle.get()));
			}
			if (handle.isPresent() && Markers.words(pid).isEmpty()) {
				// A command line that cannot be read at this instant (an exec in
				// progress)
				// proves nothing either way: the file stays.
				return Optional.empty();
			}
		}
		catch (IOException | NumberFormatException ex) {
			// A file we cannot read names no process of ours.
		}
		forget(name);
		return Optional.empty();
	}

	/**
	 * Whether this launcher started {@code pid} as {@code name} within {@link #FRESH}.
	 */
	private boolean launchedJustNow(String name, long pid) {
		Launched launched = this.launched.get(name);
		return launched != null && launched.pid() == pid && launched.at().isAfter(Instant.now().minus(FRESH));
	}

	private record Launched(long pid, Instant at) {
	}

	/** Whether the child runs its own program now, past the spawn helper and setsid. */
	private static boolean isExecd(long pid, String name) {
		List<String> words = Markers.words(pid);
		return Markers.carries(pid, name) && !words.isEmpty() && !words.get(0).equals(SETSID.toString());
	}

	/** The names of every process with a pid file, live or not. */
	public List<String> recorded() {
		Path pids = this.stateDir.resolve("pids");
		if (!Files.isDirectory(pids)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(pids)) {
			return files.map((path) -> path.getFileName().toString())
				.filter((file) -> file.endsWith(".pid"))
				.map((file) -> file.substring(0, file.length() - ".pid".length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Drops the pid file of a process that is gone. */
	public void forget(String name) {
		try {
			Files.deleteIfExists(pidFile(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public Path root() {
		return this.stateDir;
	}

	private Path pidFile(String name) {
		return this.stateDir.resolve("pids").resolve(name + ".pid");
	}

	private void writePid(String name, long pid) {
		Path file = pidFile(name);
		try {
			Files.createDirectories(file.getParent());
			Path temporary = file.resolveSibling(name + ".pid.tmp");
			Files.writeString(temporary, pid + "\n");
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
