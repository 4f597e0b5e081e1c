package dev.scaleout.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot jar run as a real child process: SIGKILL and SIGTERM are real signals.
 */
public final class JavaProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

	private final String name;

	private final List<String> command;

	private final Map<String, String> environment;

	private final Path log;

	private final String readinessUrl;

	private Process process;

	private JavaProcess(String name, List<String> command, Map<String, String> environment, String readinessUrl) {
		this.name = name;
		this.command = command;
		this.environment = environment;
		this.readinessUrl = readinessUrl;
		try {
			this.log = Files.createTempFile("scaleout-" + name + "-", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A jar named by a system property (set by the build), not yet started.
	 * @param jvmOptions options after the defaults, which they override (a later
	 * {@code -Xmx} wins)
	 */
	public static JavaProcess jar(String name, String jarProperty, Map<String, String> environment, String readinessUrl,
			String... jvmOptions) {
		String jar = System.getProperty(jarProperty);
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException("No jar at " + jar + " (" + jarProperty + "): run ./mvnw verify");
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dscaleout.name=" + name));
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-jar", jar));
		return new JavaProcess(name, command, environment, readinessUrl);
	}

	public String name() {
		return this.name;
	}

	public synchronized JavaProcess start() {
		ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		builder.environment().putAll(this.environment);
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/** Waits until the readiness URL answers 2xx. */
	public JavaProcess awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited:\n" + tail());
			}
			if (isReady()) {
				return this;
			}
			sleep(100);
		}
		throw new IllegalStateException(this.name + " not ready after " + timeout + ":\n" + tail());
	}

	public boolean isReady() {
		try {
			HttpResponse<Void> response = HTTP.send(
					HttpRequest.newBuilder(URI.create(this.readinessUrl)).timeout(Duration.ofSeconds(1)).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() / 100 == 2;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** SIGKILL: a crash. */
	public synchronized void kill() {
		this.process.destroyForcibly();
		waitFor();
	}

	/** SIGTERM: a graceful stop; returns once the process has exited. */
	public synchronized void terminate() {
		this.process.destroy();
		waitFor();
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	@Override
	public synchronized void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			waitFor();
		}
	}

	public String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private void waitFor() {
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
