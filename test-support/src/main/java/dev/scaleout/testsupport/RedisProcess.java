package dev.scaleout.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on 127.0.0.1, without persistence.
 */
public final class RedisProcess implements RedisServer {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private final int port;

	private final Path workDir;

	private Process process;

	private RedisProcess(int port) {
		this.port = port;
		try {
			this.workDir = Files.createTempDirectory("redis-" + port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static boolean binaryAvailable() {
		return findBinary() != null;
	}

	public static RedisProcess start(int port) {
		RedisProcess redis = new RedisProcess(port);
		// Even when a test forgets to close it (or its set-up failed half way), no server
		// outlives the JVM.
		Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "stop-redis-" + port));
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
		ProcessBuilder builder = new ProcessBuilder(findBinary(), "--port", String.valueOf(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.workDir.toString());
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
