package dev.scaleout.topology;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import dev.scaleout.topology.process.ProcessSpec;

/**
 * What makes a Spring Boot replica start in seconds rather than in ten: the jar extracted
 * (classes read from plain jars, not from jars nested in a jar) and the JVM's archive of
 * the classes a start loads, made once by a training run ({@code -Dspring.context.exit=
 * onRefresh}): Class Data Sharing up to JDK 24, the AOT cache (JEP 483/514) from 25. Kept
 * next to the jar, in {@code <jar>-start/}, for as long as the jar is the same; each JDK
 * feature release has its own archive.
 * <p>
 * A start never depends on it: while the archive is being made, or when it could not be
 * made, the jar runs as it is.
 */
final class StartupCache {

	/** The longest a training run may take (a start takes 10-20 s here). */
	private static final long TRAINING_SECONDS = 180;

	private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

	/** The JVM's archive of the classes a start loads, as each JDK makes and uses it. */
	private enum Archive {

		/** Class Data Sharing, up to JDK 24. */
		CDS("jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="),
		/** The AOT cache of JEP 483, made in one run since JEP 514 (JDK 25). */
		AOT_CACHE("aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=");

		private final String suffix;

		private final String create;

		private final String use;

		Archive(String suffix, String create, String use) {
			this.suffix = suffix;
			this.create = create;
			this.use = use;
		}

		static Archive of(int jdk) {
			return (jdk >= 25) ? AOT_CACHE : CDS;
		}

	}

	private final Path jar;

	private final Path directory;

	private final int jdk;

	private final Archive kind;

	StartupCache(Path jar, int jdk) {
		this.jar = jar.toAbsolutePath();
		this.directory = this.jar.resolveSibling(baseName(jar) + "-start");
		this.jdk = jdk;
		this.kind = Archive.of(jdk);
	}

	static StartupCache of(Path jar) {
		return new StartupCache(jar, Runtime.version().feature());
	}

	/** The extracted jar, which the archive is valid for. */
	Path extractedJar() {
		return this.directory.resolve("app").resolve(this.jar.getFileName());
	}

	Path archive() {
		return this.directory.resolve("jdk" + this.jdk + "." + this.kind.suffix);
	}

	private Path stamp() {
		return this.directory.resolve("app.stamp");
	}

	private Path failed() {
		return this.directory.resolve("jdk" + this.jdk + ".failed");
	}

	/** Where the last training run wrote its output. */
	Path trainingLog() {
		return this.directory.resolve("jdk" + this.jdk + "-training.log");
	}

	/**
	 * How to run the jar fast, if everything for it is in place for this very jar: the
	 * JVM options and the jar to run instead of {@code -jar <jar>}.
	 */
	Optional<List<String>> launch() {
		if (!isCurrent() || !Files.isRegularFile(archive())) {
			return Optional.empty();
		}
		return Optional.of(List.of(this.kind.use + archive(), "-jar", extractedJar().toString()));
	}

	/**
	 * Makes what {@link #launch()} needs, unless it is there or could not be made for
	 * this jar: extracts the jar, then trains with {@code spec}'s own command line and
	 * environment (so the stores it starts against must run). Other starts of the same
	 * jar, in this JVM or another, wait for it.
	 * @return whether the fast start is ready
	 */
	boolean prepare(ProcessSpec spec) {
		if (!Files.isRegularFile(this.jar)) {
			return false;
		}
		ReentrantLock lock = LOCKS.computeIfAbsent(this.directory, (dir) -> new ReentrantLock());
		lock.lock();
		try {
			Files.createDirectories(this.directory);
			try (FileChannel channel = FileChannel.open(this.directory.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock held = channel.lock()) {
				if (!isCurrent()) {
					extract();
				}
				if (!Files.isRegularFile(archive()) && !Files.isRegularFile(failed())) {
					train(spec);
				}
				return launch().isPresent();
			}
		}
		catch (IOException | RuntimeException ex) {
			// The start goes on from the jar as it is.
			return false;
		}
		finally {
			lock.unlock();
		}
	}

	private boolean isCurrent() {
		try {
			return Files.isRegularFile(stamp()) && Files.readString(stamp()).equals(stampOf(this.jar))
					&& Files.isRegularFile(extractedJar());
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void extract() throws IOException {
		deleteTree(this.directory.resolve("app"));
		try (Stream<Path> old = Files.list(this.directory)) {
			for (Path file : old.filter((path) -> path.getFileName().toString().startsWith("jdk")).toList()) {
				Files.delete(file);
			}
		}
		Path into = this.directory.resolve("app.tmp");
		deleteTree(into);
		int exit = run(List.of(Programs.java(), "-Djarmode=tools", "-jar", this.jar.toString(), "extract",
				"--destination", into.toString()), Map.of(), this.directory.resolve("extract.log"));
		if (exit != 0) {
			throw new IllegalStateException(
					"could not extract " + this.jar + ": see " + this.directory.resolve("extract.log"));
		}
		Files.move(into, this.directory.resolve("app"), StandardCopyOption.ATOMIC_MOVE);
		Files.writeString(stamp(), stampOf(this.jar));
	}

	/**
	 * A start of the application that exits once its context is refreshed, recording
	 * every class it loaded; its own command line with {@code -jar} turned to the
	 * extracted jar.
	 */
	private void train(ProcessSpec spec) throws IOException {
		List<String> command = new ArrayList<>();
		List<String> plain = spec.command();
		int jarAt = plain.indexOf("-jar");
		if (jarAt < 0) {
			return;
		}
		command.addAll(plain.subList(0, jarAt));
		Path output = archive().resolveSibling(archive().getFileName() + ".tmp");
		Files.deleteIfExists(output);
		command.add(this.kind.create + output);
		command.add("-Dspring.context.exit=onRefresh");
		command.add("-jar");
		command.add(extractedJar().toString());
		command.addAll(plain.subList(jarAt + 2, plain.size()));
		int exit = run(command, spec.environment(), trainingLog());
		if (exit == 0 && Files.isRegularFile(output)) {
			Files.move(output, archive(), StandardCopyOption.ATOMIC_MOVE);
		}
		else {
			Files.deleteIfExists(output);
			// Not again for this jar: every start would pay for another failed training.
			Files.writeString(failed(), "exit " + exit + ", see " + trainingLog() + "\n");
		}
	}

	private static int run(List<String> command, Map<String, String> environment, Path log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		try {
			if (!process.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String stampOf(Path jar) throws IOException {
		return Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
	}

	private static String baseName(Path jar) {
		String name = jar.getFileName().toString();
		return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
