package dev.scaleout.topology;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import dev.scaleout.topology.process.ConfigFile;
import dev.scaleout.topology.process.Markers;
import dev.scaleout.topology.process.ProcessSpec;
import dev.scaleout.topology.settings.Settings;

/** The command lines of the programs a topology runs. */
final class Programs {

	/** The name the Sentinels monitor the session store's primary by. */
	static final String SENTINEL_MASTER = "scaleout";

	private Programs() {
	}

	/**
	 * A Redis server. {@code persistent}: an append-only file synced every second, so a
	 * server killed and started again has its data back (the launcher's session store);
	 * otherwise nothing is kept. {@code memory}: its bound and eviction policy.
	 */
	static ProcessSpec redis(String name, int port, Path dir, boolean persistent, RedisMemory memory,
			OptionalInt replicaOf) {
		List<String> command = new ArrayList<>(List.of(redisServer(), "--port", String.valueOf(port), "--bind",
				"127.0.0.1", "--dir", dir.toString(), "--save", "", "--daemonize", "no"));
		command.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "everysec")
				: List.of("--appendonly", "no"));
		command.addAll(memory.arguments());
		replicaOf.ifPresent((primary) -> command.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(primary))));
		command.addAll(List.of("--proc-title-template", Markers.title(name) + " {port}"));
		return new ProcessSpec(name, command, Map.of(), List.of());
	}

	/**
	 * A Sentinel that watches the primary on {@code primaryPort} with two others (quorum
	 * two), with timings short for the demonstration (production: 5-30 s). Sentinel
	 * rewrites its configuration file as it learns the topology, so the file is written
	 * only when missing: a Sentinel started again keeps what it knew.
	 */
	static ProcessSpec sentinel(String name, int port, Path dir, int primaryPort, Duration downAfter) {
		Path config = dir.resolve("sentinel.conf");
		String text = String.join("\n", "port " + port, "bind 127.0.0.1", "daemonize no", "dir " + dir,
				"sentinel monitor " + SENTINEL_MASTER + " 127.0.0.1 " + primaryPort + " 2",
				"sentinel down-after-milliseconds " + SENTINEL_MASTER + " " + downAfter.toMillis(),
				"sentinel failover-timeout " + SENTINEL_MASTER + " 5000",
				"sentinel parallel-syncs " + SENTINEL_MASTER + " 1", "");
		return new ProcessSpec(name, List.of(redisServer(), config.toString(), "--sentinel", "--proc-title-template",
				Markers.title(name) + " {port}"), Map.of(), List.of(new ConfigFile(config, text, true)));
	}

	/** S3Proxy over the local file system, as MinIO is in docker compose. */
	static ProcessSpec s3proxy(String name, int port, Path dir, Path home) {
		Path config = dir.resolve("s3proxy.conf");
		try {
			// Its file-system back end refuses to start without the directory.
			Files.createDirectories(dir.resolve("data"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String text = String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
				"s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ObjectStore.ACCESS_KEY,
				"s3proxy.credential=" + ObjectStore.SECRET_KEY, "jclouds.provider=filesystem-nio2",
				"jclouds.identity=local", "jclouds.credential=local",
				"jclouds.filesystem.basedir=" + dir.resolve("data"), "");
		List<String> command = new ArrayList<>(
				List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", Markers.javaOption(name),
						"-Dlogback.configurationFile=" + home.resolve("logback.xml"), "-cp",
						home.resolve("lib") + File.separator + "*", "org.gaul.s3proxy.Main", "--properties",
						config.toString()));
		return new ProcessSpec(name, command, Map.of(), List.of(new ConfigFile(config, text, false)),
				List.of(home.resolve("lib")));
	}

	/**
	 * A Spring Boot jar. Settings become environment variables where a variable can name
	 * them, command-line arguments otherwise.
	 */
	static ProcessSpec bootJar(String name, Path jar, List<String> javaOptions, Settings settings) {
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(javaOptions);
		command.add(Markers.javaOption(name));
		Optional<List<String>> fast = fastStartEnabled() ? StartupCache.of(jar).launch() : Optional.empty();
		command.addAll(fast.orElse(List.of("-jar", jar.toString())));
		command.addAll(settings.arguments());
		return new ProcessSpec(name, command, settings.environment(), List.of(), List.of(jar));
	}

	/**
	 * What a Spring Boot process does before it starts: makes its fast start ready
	 * ({@link StartupCache}), once per jar and JDK, training with the start's own command
	 * line. Off with {@code SCALEOUT_FAST_START=false} (to measure the difference).
	 */
	static Consumer<ProcessSpec> fastStart(Path jar) {
		return (spec) -> {
			if (fastStartEnabled()) {
				StartupCache.of(jar).prepare(spec);
			}
		};
	}

	private static boolean fastStartEnabled() {
		return !"false".equalsIgnoreCase(System.getenv("SCALEOUT_FAST_START"));
	}

	/** The JVM this one runs on, so that a test on JDK 25 runs the services on 25 too. */
	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static boolean redisAvailable() {
		return findRedisServer() != null;
	}

	private static String redisServer() {
		String binary = findRedisServer();
		if (binary == null) {
			throw new IllegalStateException(
					"redis-server not found on PATH: install it with: sudo apt-get install -y redis-server");
		}
		return binary;
	}

	private static String findRedisServer() {
		String path = System.getenv().getOrDefault("PATH", "");
		List<String> candidates = new ArrayList<>();
		for (String dir : path.split(File.pathSeparator)) {
			candidates.add(dir + File.separator + "redis-server");
		}
		candidates.addAll(List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server"));
		for (String candidate : candidates) {
			if (new File(candidate).canExecute()) {
				return new File(candidate).getAbsolutePath();
			}
		}
		return null;
	}

}
