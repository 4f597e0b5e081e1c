package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy in HTTP mode, round robin over the given replicas, with keep-alive to both
 * sides: the balancer the gateway is measured against. It runs in the foreground
 * ({@code -db}) as a child of the experiment, so its pid is its CPU's.
 */
final class HaProxy implements AutoCloseable {

	private final Process process;

	private final int port;

	private HaProxy(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static HaProxy start(Path directory, int port, List<Integer> replicaPorts) {
		StringBuilder config = new StringBuilder("""
				global
				    maxconn 4096
				defaults
				    mode http
				    timeout connect 500ms
				    timeout client 30s
				    timeout server 30s
				    option http-keep-alive
				frontend bench
				    bind 127.0.0.1:%d
				    default_backend app
				backend app
				    balance roundrobin
				""".formatted(port));
		for (int i = 0; i < replicaPorts.size(); i++) {
			config.append("    server app").append(i + 1).append(" 127.0.0.1:").append(replicaPorts.get(i)).append('\n');
		}
		try {
			Files.createDirectories(directory);
			Path file = directory.resolve("haproxy.cfg");
			Files.writeString(file, config);
			Process process = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("haproxy.log").toFile())
				.start();
			HaProxy haProxy = new HaProxy(process, port);
			haProxy.awaitListening(Duration.ofSeconds(5));
			return haProxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	long pid() {
		return this.process.pid();
	}

	private void awaitListening(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("haproxy exited with " + this.process.exitValue());
			}
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				return;
			}
			catch (IOException notYet) {
				sleep();
			}
		}
		throw new IllegalStateException("haproxy does not listen on " + this.port + " after " + timeout);
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
