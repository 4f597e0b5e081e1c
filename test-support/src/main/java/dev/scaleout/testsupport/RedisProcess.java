package dev.scaleout.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on 127.0.0.1, without persistence: a plain server,
 * a replica of another, or a Sentinel ({@link #startSentinel}).
 */
public final class RedisProcess implements RedisServer {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private final int port;

	private final Path workDir;

	/** What comes after the binary: the server's options, or a Sentinel's file. */
	private final List<String> arguments = new ArrayList<>();

	private Process process;

	private RedisProcess(int port) {
		this.port = port;
		try {
			this.workDir = Files.createTempDirectory("redis-" + port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.arguments.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--dir", this.workDir.toString()));
	}

	public static boolean binaryAvailable() {
		return findBinary() != null;
	}

	public static RedisProcess start(int port) {
		return started(new RedisProcess(port));
	}

	/** A server that replicates {@code primaryPort} from its start. */
	public static RedisProcess startReplicaOf(int port, int primaryPort) {
		RedisProcess redis = new RedisProcess(port);
		redis.arguments.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(primaryPort)));
		return started(redis);
	}

	/**
	 * A Sentinel that monitors the primary on {@code primaryPort} as {@code master}, with
	 * a quorum of two and short timings: a primary is down after {@code downAfter}.
	 * Sentinel needs a configuration file it can rewrite, so it gets one in its own
	 * directory.
	 */
	public static RedisProcess startSentinel(int port, String master, int primaryPort, Duration downAfter) {
		RedisProcess sentinel = new RedisProcess(port);
		Path config = sentinel.workDir.resolve("sentinel.conf");
		try {
			Files.writeString(config, String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + sentinel.workDir,
					"sentinel monitor " + master + " 127.0.0.1 " + primaryPort + " 2",
					"sentinel down-after-milliseconds " + master + " " + downAfter.toMillis(),
					"sentinel failover-timeout " + master + " 5000", "sentinel parallel-syncs " + master + " 1", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		sentinel.arguments.clear();
		sentinel.arguments.addAll(List.of(config.toString(), "--sentinel"));
		return started(sentinel);
	}

	private static RedisProcess started(RedisProcess redis) {
		// Even when a test forgets to close it (or its set-up failed half way), no server
		// outlives the JVM.
		Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "stop-redis-" + redis.port));
		redis.restart();
		return redis;
	}

	private static String findBinary() {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String dir : path.split(File.pathSeparator)) {
			File candidate = new File(dir, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		for (String fallback : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
			if (new File(fallback).canExecute()) {
				return fallback;
			}
		}
		return null;
	}

	@Override
	public String host() {
		return "127.0.0.1";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public synchronized void restart() {
		if (isRunning()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of(findBinary()));
		command.addAll(this.arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.workDir.resolve("redis.log").toFile());
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start redis-server", ex);
		}
		awaitPort(true);
	}

	@Override
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
		awaitPort(false);
	}

	@Override
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitPort(boolean open) {
		LocalPort.await("redis-server", this.port, open, START_TIMEOUT, this::isRunning,
				() -> "see " + this.workDir.resolve("redis.log"));
	}

}
