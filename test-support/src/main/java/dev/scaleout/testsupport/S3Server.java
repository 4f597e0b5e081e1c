package dev.scaleout.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An S3-compatible server for tests: S3Proxy with a file-system back end, as a child
 * process on 127.0.0.1 (the same server {@code ./scaleout up} starts). Objects live in a
 * directory that survives {@link #stop()} and {@link #restart()}, like a real storage
 * server's disks.
 */
public final class S3Server implements AutoCloseable {

	public static final String ACCESS_KEY = "scaleout";

	public static final String SECRET_KEY = "scaleout-dev-secret";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private final int port;

	private final Path workDir;

	private Process process;

	private S3Server(int port) {
		this.port = port;
		try {
			this.workDir = Files.createTempDirectory("s3proxy-" + port);
			Files.createDirectories(this.workDir.resolve("data"));
			Files.writeString(this.workDir.resolve("s3proxy.conf"),
					String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
							"s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET_KEY,
							"jclouds.provider=filesystem-nio2", "jclouds.identity=local", "jclouds.credential=local",
							"jclouds.filesystem.basedir=" + this.workDir.resolve("data"), ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static S3Server start() {
		S3Server server = new S3Server(FreePorts.next());
		// No server outlives the JVM, even when a test forgets to close it.
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-s3proxy-" + server.port));
		server.restart();
		return server;
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/** The directory that holds the buckets, one sub-directory each. */
	public Path dataDir() {
		return this.workDir.resolve("data");
	}

	public synchronized void restart() {
		if (isRunning()) {
			return;
		}
		Path home = home();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-Dlogback.configurationFile=" + home.resolve("logback.xml"), "-cp", home.resolve("lib") + "/*",
				"org.gaul.s3proxy.Main", "--properties", this.workDir.resolve("s3proxy.conf").toString());
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.workDir.resolve("s3proxy.log").toFile()));
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start S3Proxy", ex);
		}
		awaitPort(true);
	}

	/** Kills the server at once, as a crash would. */
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

	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** Stops the server and deletes its objects. */
	@Override
	public void close() {
		stop();
		try (Stream<Path> paths = Files.walk(this.workDir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// Only a temporary directory left behind.
		}
	}

	private static Path home() {
		Properties properties = new Properties();
		try (InputStream in = S3Server.class.getResourceAsStream("s3proxy.properties")) {
			properties.load(in);
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("test-support was built without s3proxy.properties", ex);
		}
		Path home = Path.of(properties.getProperty("home")).normalize();
		if (!Files.isDirectory(home.resolve("lib"))) {
			throw new IllegalStateException("No S3Proxy class path at " + home.resolve("lib")
					+ ": build the s3proxy module first (./mvnw install -pl s3proxy)");
		}
		return home;
	}

	private void awaitPort(boolean open) {
		LocalPort.await("S3Proxy", this.port, open, START_TIMEOUT, this::isRunning,
				() -> tail(this.workDir.resolve("s3proxy.log")));
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log at " + log + ")";
		}
	}

}
