package dev.scaleout.loadtests.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.local.LocalSettings;
import dev.scaleout.topology.local.LocalTopology;

/**
 * What every experiment works with: the launcher's topology (the same processes, ports
 * and {@code .scaleout/} state as {@code ./scaleout up}, so {@code ./scaleout status} and
 * {@code logs} work while it runs), Gatling, the output folder and the
 * {@code EXPERIMENT_*} settings.
 */
final class Lab {

	/** Where users see progress; Gatling's own console output goes to each run's log. */
	private final PrintStream console;

	private final Path root;

	private final LocalTopology local;

	private final Map<String, String> environment;

	private final Gatling gatling;

	Lab(Path root, Map<String, String> environment, PrintStream console) {
		this.root = root;
		this.console = console;
		this.environment = Map.copyOf(environment);
		// Many virtual users log in from one address: the gateway's login rate limit
		// would turn them into 429s, which is not what the experiments measure.
		Map<String, String> launcher = new HashMap<>(environment);
		launcher.put("SCALEOUT_LOGIN_RATE_LIMIT", "false");
		this.local = new LocalTopology(root.resolve(".scaleout"), launcher);
		this.gatling = new Gatling(this);
	}

	Path root() {
		return this.root;
	}

	/** {@code load-tests/target/experiments}. */
	Path out() {
		return this.root.resolve("load-tests/target/experiments");
	}

	LocalTopology local() {
		return this.local;
	}

	Gatling gatling() {
		return this.gatling;
	}

	/**
	 * Replaces the running topology with one configured as {@code configure} says, on top
	 * of what {@code ./scaleout up} runs without options.
	 */
	Topology up(String description, UnaryOperator<LocalSettings.Builder> configure) {
		LocalSettings settings = configure.apply(this.local.defaults().toBuilder()).build();
		log("./scaleout up " + description + "  (" + settings.describe() + ")");
		return this.local.replace(settings, this::log);
	}

	/**
	 * Starts the replicas again with the settings {@code configure} changes (the cart's
	 * layout, say), on top of those of the running topology: each gets SIGTERM and is
	 * gone before the new ones start; the stores and the gateway stay up. Returns once
	 * the gateway admits the new ones.
	 */
	Topology restartReplicas(String description, UnaryOperator<LocalSettings.Builder> configure) {
		LocalSettings settings = configure.apply(this.local.settings().toBuilder()).build();
		log("the replicas again: " + description + "  (" + settings.describe() + ")");
		this.local.topology(settings).replicas().forEach(Node::terminate);
		return this.local.up(settings, (line) -> {
		});
	}

	/** Stops everything the launcher started. */
	void down() {
		this.local.down((line) -> {
		});
	}

	void log(String line) {
		this.console.println("experiment " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + ": " + line);
		this.console.flush();
	}

	PrintStream console() {
		return this.console;
	}

	/** Seconds of traffic per run: {@code EXPERIMENT_DURATION} (40). */
	Duration duration() {
		return Duration.ofSeconds(number("EXPERIMENT_DURATION", 40));
	}

	/** Virtual users: {@code EXPERIMENT_USERS} (20). */
	int users() {
		return number("EXPERIMENT_USERS", 20);
	}

	int number(String variable, int fallback) {
		String value = this.environment.get(variable);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(variable + " must be a number, was '" + value + "'");
		}
	}

	String text(String variable, String fallback) {
		return this.environment.getOrDefault(variable, fallback);
	}

	/** A path as users read it: from the repository's root. */
	String relative(Path path) {
		return this.root.relativize(path.toAbsolutePath().normalize()).toString();
	}

}
