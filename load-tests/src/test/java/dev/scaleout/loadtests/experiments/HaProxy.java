package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy round robin over the given replicas, health-checking them every second: in HTTP
 * mode (L7: keep-alive to both sides, each request balanced, a GET repeated on another
 * server when its connection fails or its answer never comes) or in TCP mode (L4: each
 * connection balanced and then piped, bytes it does not read). The balancer the gateway
 * is measured against. It runs in the foreground ({@code -db}) as a child of the
 * experiment, so its pid is its CPU's.
 */
final class HaProxy implements AutoCloseable {

	private final Process process;

	private final int port;

	private HaProxy(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	enum Mode {

		/** Layer 7: requests. */
		HTTP,

		/** Layer 4: connections. */
		TCP

	}

	static HaProxy start(Path directory, int port, List<Integer> replicaPorts) {
		return start(directory, port, replicaPorts, Mode.HTTP);
	}

	static HaProxy start(Path directory, int port, List<Integer> replicaPorts, Mode mode) {
		String layer = (mode == Mode.HTTP) ? """
				    mode http
				    option http-keep-alive
				    option httpchk GET /actuator/health/readiness
				    retry-on conn-failure empty-response response-timeout
				""" : """
				    mode tcp
				""";
		StringBuilder config = new StringBuilder("""
				global
				    maxconn 4096
				defaults
				%s    timeout connect 500ms
				    timeout client 30s
				    timeout server 30s
				    retries 2
				    option redispatch
				frontend bench
				    bind 127.0.0.1:%d
				    default_backend app
				backend app
				    balance roundrobin
				""".formatted(layer, port));
		for (int i = 0; i < replicaPorts.size(); i++) {
			config.append("    server app")
				.append(i + 1)
				.append(" 127.0.0.1:")
				.append(replicaPorts.get(i))
				.append(" check inter 1s fall 2 rise 2\n");
		}
		String name = "haproxy-" + mode.name().toLowerCase(Locale.ROOT);
		try {
			Files.createDirectories(directory);
			Path file = directory.resolve(name + ".cfg");
			Files.writeString(file, config);
			Process process = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
				.redirectOutput(directory.resolve(name + ".log").toFile())
				.start();
			HaProxy haProxy = new HaProxy(process, port);
			haProxy.awaitListening(Duration.ofSeconds(5));
			return haProxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
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
