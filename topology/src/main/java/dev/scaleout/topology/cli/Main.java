package dev.scaleout.topology.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.scaleout.topology.Artifacts;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.RedisStore;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.autoscale.ScalingPolicy;
import dev.scaleout.topology.autoscale.Supervisor;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.local.LocalFleet;
import dev.scaleout.topology.local.LocalSettings;
import dev.scaleout.topology.local.LocalTopology;
import dev.scaleout.topology.local.ProcessStatus;
import dev.scaleout.topology.process.Signal;
import dev.scaleout.topology.settings.Choices;

/**
 * {@code ./scaleout}: the topology as detached local processes, its state in
 * {@code .scaleout/} of the checkout ({@code -Dscaleout.root}). Every command and option
 * of the bash launcher it replaces, with the same state between calls.
 */
public final class Main {

	private final LocalTopology local;

	private final PrintStream out;

	private final PrintStream err;

	Main(LocalTopology local, PrintStream out, PrintStream err) {
		this.local = local;
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		Path root = Path.of(System.getProperty("scaleout.root", ".")).toAbsolutePath().normalize();
		Main main = new Main(new LocalTopology(root.resolve(".scaleout"), System.getenv()), System.out, System.err);
		System.exit(main.run(List.of(args)));
	}

	/**
	 * @return the exit code: 0, 1 for an error, 2 for a command line it does not
	 * understand
	 */
	int run(List<String> args) {
		String command = args.isEmpty() ? "help" : args.get(0);
		List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
		if (Usage.COMMANDS.containsKey(command) && (rest.contains("--help") || rest.contains("-h"))) {
			this.out.print(Usage.of(command));
			return 0;
		}
		try {
			switch (command) {
				case "up" -> up(rest);
				case "status" -> status(none(rest));
				case "kill" -> signal(Signal.KILL, one(rest, command));
				case "stop" -> signal(Signal.TERM, one(rest, command));
				case "start" -> start(one(rest, command));
				case "scale" -> scale(one(rest, command));
				case "logs" -> {
					return logs(one(rest, command));
				}
				case "port" -> this.out.println(this.local.node(one(rest, command)).port());
				case "url" -> this.out.println(this.local.node(one(rest, command)).url());
				case "down" -> down(none(rest));
				// Not for users: the process ./scaleout up --autoscale starts.
				case LocalTopology.AUTOSCALER -> autoscaler(none(rest));
				// For the bash front: what it must build before up, start and scale.
				case "missing-modules" -> this.out.println(String.join(" ", Artifacts.ofBuild().missingModules()));
				case "experiment" -> throw new IllegalArgumentException(
						"experiments run through ./scaleout experiment, which puts Gatling on the class path");
				case "help", "-h", "--help" -> this.out.print(Usage.all());
				default -> {
					this.err.print(Usage.all());
					return 2;
				}
			}
			return 0;
		}
		catch (IllegalArgumentException | IllegalStateException | UncheckedIOException ex) {
			this.err.println("scaleout: " + ex.getMessage());
			return 1;
		}
	}

	private void up(List<String> options) {
		LocalSettings settings = UpOptions.parse(options, this.local.settingsForUp());
		if (settings.autoscale().isPresent()) {
			settings = settings.withReplicas(settings.autoscale().get().bound(settings.replicas()));
		}
		requireRedis();
		say("starting (" + settings.describe() + ") ...");
		Topology topology = this.local.up(settings, this::say);
		if (settings.autoscale().isPresent()) {
			this.local.startAutoscaler(this::say);
			say("autoscaling " + settings.autoscale().get());
		}
		else {
			this.local.stopAutoscaler(this::say);
		}
		String gateway = "http://localhost:" + topology.gateway().node().port();
		say("ready: gateway " + gateway + "  (" + settings.describe() + ")");
		say("dashboard: " + gateway + "/   (then ./scaleout kill app-2 and watch)");
		say("instances: " + gateway + "/gateway/instances   try: curl -s -c j -b j " + gateway + "/api/whoami");
	}

	/**
	 * The supervisor of {@code --autoscale}, until SIGTERM: replaces replicas that die,
	 * sizes them to the load; every decision on a line of its log.
	 */
	private void autoscaler(Void unused) {
		ScalingPolicy policy = this.local.settings()
			.autoscale()
			.orElseThrow(() -> new IllegalStateException("no autoscaling asked for: ./scaleout up --autoscale 2..6"));
		say("autoscaling " + policy);
		Supervisor supervisor = new Supervisor(new LocalFleet(this.local, this::say), policy, Clock.systemUTC(),
				(event) -> say(event.at() + " " + event.text()));
		supervisor.run(Duration.ofSeconds(1), this::say);
	}

	private void status(Void unused) {
		this.out.printf("%-14s %-8s %-6s %-12s %s%n", "NAME", "PID", "PORT", "READY", "GATEWAY");
		for (ProcessStatus row : this.local.status()) {
			String ready = row.ready() ? "yes" + row.role().map((role) -> " (" + role + ")").orElse("") : "no";
			String seen = row.instance().map(Main::describe).orElse("");
			this.out
				.printf("%-14s %-8s %-6s %-12s %s%n", row.name(),
						row.pid().isPresent() ? String.valueOf(row.pid().getAsLong()) : "-", row.port(), ready, seen)
				.flush();
		}
	}

	private static String describe(InstanceView instance) {
		return Choices.text(instance.state()) + (instance.draining() ? ", draining" : "");
	}

	private void signal(Signal signal, String name) {
		Node node = this.local.node(name);
		long pid = this.local.signal(name, signal);
		say("sent SIG" + signal + " to " + node.name() + " (pid " + pid + ")");
	}

	private void start(String name) {
		requireRedis();
		Node node = this.local.start(name);
		say(node.name() + " is ready");
	}

	private void scale(String count) {
		int replicas;
		try {
			replicas = Integer.parseInt(count);
		}
		catch (NumberFormatException ex) {
			replicas = 0;
		}
		if (replicas < 1 || replicas > 99) {
			throw new IllegalArgumentException("scale needs 1..99, was '" + count + "'");
		}
		requireRedis();
		this.local.scale(replicas, this::say);
		say("scaled to " + replicas + " replicas; the gateway picks the change up within a few seconds");
	}

	private int logs(String name) {
		Path log = this.local.log(name);
		if (!Files.isRegularFile(log)) {
			throw new IllegalArgumentException("no log for " + name + " (see ./scaleout status)");
		}
		try {
			// tail -F follows the log across a restart (a new start appends to it).
			Process tail = new ProcessBuilder("tail", "-n", "100", "-F", log.toString()).inheritIO().start();
			// Ctrl-C or a SIGTERM of the launcher ends tail too.
			Runtime.getRuntime().addShutdownHook(new Thread(tail::destroy, "stop-tail"));
			return tail.waitFor();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run tail: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 130;
		}
	}

	private void down(Void unused) {
		this.local.down(this::say);
		say("down");
	}

	private static void requireRedis() {
		if (!RedisStore.binaryAvailable()) {
			throw new IllegalStateException(
					"redis-server not found: install it with: sudo apt-get install -y redis-server");
		}
	}

	private void say(String line) {
		this.out.println("scaleout: " + line);
		this.out.flush();
	}

	private static String one(List<String> args, String command) {
		if (args.size() != 1 || args.get(0).startsWith("-")) {
			throw new IllegalArgumentException(switch (command) {
				case "scale" -> "give the number of replicas: ./scaleout scale 5";
				case "logs" -> "give a process name: ./scaleout logs gateway";
				default -> "give one process name, see ./scaleout status (./scaleout " + command + " app-2)";
			});
		}
		return args.get(0);
	}

	private static Void none(List<String> args) {
		if (!args.isEmpty()) {
			throw new IllegalArgumentException("unexpected '" + String.join(" ", args) + "' (see ./scaleout help)");
		}
		return null;
	}

}
