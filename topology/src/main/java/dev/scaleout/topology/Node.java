package dev.scaleout.topology;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.scaleout.topology.process.Launcher;
import dev.scaleout.topology.process.ProcessSpec;
import dev.scaleout.topology.process.Readiness;
import dev.scaleout.topology.process.RunningProcess;
import dev.scaleout.topology.process.Signal;

/**
 * One process of the topology ({@code redis}, {@code app-2}, {@code gateway}): its name,
 * its port and its lifecycle. Its command is built at each start, so that a process
 * started again gets what the topology is now (a Redis node follows the primary the
 * Sentinels name at that moment). Thread-safe.
 */
public final class Node {

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final int port;

	private final Launcher launcher;

	private final Readiness readiness;

	private final Supplier<ProcessSpec> spec;

	private final Consumer<ProcessSpec> prepare;

	Node(String name, int port, Launcher launcher, Readiness readiness, Supplier<ProcessSpec> spec) {
		this(name, port, launcher, readiness, spec, (unused) -> {
		});
	}

	/**
	 * @param prepare runs before each start with what it would start (a training run that
	 * makes the next start faster); the spec is asked for again after it
	 */
	Node(String name, int port, Launcher launcher, Readiness readiness, Supplier<ProcessSpec> spec,
			Consumer<ProcessSpec> prepare) {
		this.name = name;
		this.port = port;
		this.launcher = launcher;
		this.readiness = readiness;
		this.spec = spec;
		this.prepare = prepare;
	}

	public String name() {
		return this.name;
	}

	/** The port it serves on, at 127.0.0.1. */
	public int port() {
		return this.port;
	}

	/** {@code http://127.0.0.1:port}, for a process that speaks HTTP. */
	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** What it will be started with, now. */
	public ProcessSpec spec() {
		return this.spec.get();
	}

	/**
	 * Starts it unless it runs already; does not wait for it to be ready.
	 * @throws IllegalStateException when its port is taken by a process not started here
	 */
	public synchronized Node start() {
		if (isRunning()) {
			return this;
		}
		if (isListening(this.port)) {
			throw new IllegalStateException(
					"port " + this.port + " for " + this.name + " is taken by a process this topology did not start");
		}
		this.prepare.accept(this.spec.get());
		this.launcher.launch(this.spec.get());
		return this;
	}

	/**
	 * Waits until it is ready.
	 * @throws IllegalStateException when it exits first or is not ready in time, with the
	 * end of its log
	 */
	public Node awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!isReady()) {
			if (!isRunning()) {
				throw new IllegalStateException(this.name + " exited; see " + log() + ":\n" + tail(40));
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						this.name + " not ready after " + timeout.toSeconds() + " s; see " + log() + ":\n" + tail(40));
			}
			Waiting.pause(50);
		}
		return this;
	}

	public boolean isReady() {
		return isRunning() && this.readiness.check();
	}

	public boolean isRunning() {
		return process().isPresent();
	}

	public OptionalLong pid() {
		return process().map((process) -> OptionalLong.of(process.pid())).orElse(OptionalLong.empty());
	}

	/**
	 * Sends the signal and returns at once.
	 * @return the moment just before it was sent
	 * @throws IllegalStateException when it does not run
	 */
	public Instant signal(Signal signal) {
		RunningProcess process = process()
			.orElseThrow(() -> new IllegalStateException(this.name + " is not running (or was not started here)"));
		Instant sent = Instant.now();
		process.signal(signal);
		return sent;
	}

	/**
	 * SIGKILL, a crash; returns once it is gone. Nothing happens when it does not run.
	 */
	public void kill() {
		stop(Signal.KILL);
	}

	/** SIGTERM, a graceful stop; returns once it has exited. */
	public void terminate() {
		stop(Signal.TERM);
	}

	private void stop(Signal signal) {
		Optional<RunningProcess> process = process();
		if (process.isPresent()) {
			process.get().signal(signal);
			process.get().awaitExit(EXIT_TIMEOUT);
		}
	}

	/**
	 * @return whether it has exited within {@code timeout} (true when it did not run)
	 */
	public boolean awaitExit(Duration timeout) {
		return process().map((process) -> process.awaitExit(timeout)).orElse(true);
	}

	public Path log() {
		return this.launcher.log(this.name);
	}

	/** The last lines of its log, for a failure message. */
	public String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(log());
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log at " + log() + ")";
		}
	}

	private Optional<RunningProcess> process() {
		return this.launcher.running(this.name);
	}

	static boolean isListening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return this.name + " (127.0.0.1:" + this.port + ")";
	}

}
