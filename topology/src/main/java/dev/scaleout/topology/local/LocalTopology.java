package dev.scaleout.topology.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.scaleout.topology.Gateway;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.RedisStore;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.gateway.GatewayView;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.process.DetachedLauncher;
import dev.scaleout.topology.process.Launcher;
import dev.scaleout.topology.process.Markers;
import dev.scaleout.topology.process.ProcessSpec;
import dev.scaleout.topology.process.RunningProcess;
import dev.scaleout.topology.process.Signal;
import dev.scaleout.topology.settings.SessionStore;

/**
 * The topology of {@code ./scaleout}: detached processes on the fixed ports, their state
 * in {@code .scaleout/} (settings, pids, logs, data) between calls. Each call rebuilds
 * the same {@link Topology} from the remembered settings and finds the processes it
 * started.
 */
public final class LocalTopology {

	/** The most replicas a stray {@code app-N} is looked for up to. */
	private static final int MAX_REPLICAS = 99;

	private static final Pattern REPLICA = Pattern.compile("app-[1-9][0-9]?");

	/** The process of {@code --autoscale}'s supervisor. */
	public static final String AUTOSCALER = "autoscaler";

	private final Path stateDir;

	private final Map<String, String> environment;

	private final DetachedLauncher launcher;

	public LocalTopology(Path stateDir, Map<String, String> environment) {
		this.stateDir = stateDir;
		this.environment = Map.copyOf(environment);
		this.launcher = Launcher.detached(stateDir);
	}

	public Path stateDir() {
		return this.stateDir;
	}

	private Path settingsFile() {
		return this.stateDir.resolve("settings");
	}

	/** The settings of the last {@code up}, or the defaults. */
	public LocalSettings settings() {
		return LocalSettings.load(settingsFile(), this.environment);
	}

	/**
	 * What {@code up} starts from: the remembered settings, with the {@code SCALEOUT_*}
	 * variables of this call that are set.
	 */
	public LocalSettings settingsForUp() {
		return settings().overriddenBy(this.environment);
	}

	/** The defaults, moved by the {@code SCALEOUT_*} variables of this call. */
	public LocalSettings defaults() {
		return LocalSettings.defaults(this.environment);
	}

	/** The topology of the remembered settings. */
	public Topology topology() {
		return topology(settings());
	}

	public Topology topology(LocalSettings settings) {
		return Topology.detached(settings.spec(), settings.ports(), this.launcher);
	}

	/** Whether any process this launcher started still runs. */
	public boolean anyRunning() {
		return this.launcher.recorded().stream().anyMatch((name) -> this.launcher.running(name).isPresent());
	}

	/**
	 * Remembers the settings, starts every process that does not run and returns once the
	 * gateway admits every replica. Harmless on a running topology.
	 */
	public Topology up(LocalSettings settings, Consumer<String> say) {
		Topology topology = topology(settings);
		checkPorts(topology);
		// The most replicas the autoscaler may start must fit the port table too.
		settings.autoscale().ifPresent((policy) -> checkPorts(topology(settings.withReplicas(policy.max()))));
		boolean changed = !settings.equals(settings()) && Files.exists(settingsFile());
		if (changed && anyRunning()) {
			say.accept("processes already running keep the settings they started with; "
					+ "./scaleout down first for the new ones to apply to all");
		}
		settings.save(settingsFile());
		topology.start();
		return topology;
	}

	/** {@link #down} then {@link #up}: what an experiment does for each configuration. */
	public Topology replace(LocalSettings settings, Consumer<String> say) {
		down((line) -> {
		});
		return up(settings, say);
	}

	/** Two processes on one port would fail half way: refuse before starting anything. */
	private static void checkPorts(Topology topology) {
		Map<Integer, String> owners = new LinkedHashMap<>();
		for (Node node : topology.nodes()) {
			claim(owners, node.port(), node.name());
		}
		if (topology.spec().gateway().isPresent()) {
			claim(owners, topology.gateway().managementPort(), "the gateway's actuator");
		}
	}

	private static void claim(Map<Integer, String> owners, int port, String name) {
		String other = owners.putIfAbsent(port, name);
		if (other != null) {
			throw new IllegalArgumentException(other + " and " + name + " would both listen on " + port
					+ ": run fewer replicas, or move the ports with the SCALEOUT_*_PORT variables");
		}
	}

	/**
	 * Every process of the topology, and any replica left running from a larger scale:
	 * name, pid, port, ready; the gateway's view of each replica when it answers.
	 */
	public List<ProcessStatus> status() {
		Topology topology = topology();
		List<Node> nodes = new ArrayList<>(topology.nodes());
		for (String name : strayReplicas(topology)) {
			topology.node(name).ifPresent(nodes::add);
		}
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(nodes.size() + 1, 16), (task) -> {
			Thread thread = new Thread(task);
			thread.setDaemon(true);
			return thread;
		});
		try {
			// Only our own gateway is asked: what else may answer on its port
			// knows nothing of these processes.
			CompletableFuture<Optional<GatewayView>> view = CompletableFuture
				.supplyAsync(() -> (topology.spec().gateway().isPresent() && topology.gateway().node().isRunning())
						? topology.gateway().tryInstances() : Optional.empty(), pool);
			List<CompletableFuture<ProcessStatus>> rows = nodes.stream()
				.map((node) -> CompletableFuture.supplyAsync(() -> statusOf(topology, node), pool))
				.toList();
			Optional<GatewayView> seen = view.join();
			return rows.stream().map(CompletableFuture::join).map((row) -> withInstance(row, seen)).toList();
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static ProcessStatus statusOf(Topology topology, Node node) {
		OptionalLong pid = node.pid();
		boolean ready = pid.isPresent() && node.isReady();
		RedisStore redis = topology.redis();
		Optional<String> role = (ready && redis.hasSentinels() && redis.dataNodes().contains(node)) ? redis.role(node)
				: Optional.empty();
		return new ProcessStatus(node.name(), pid, node.port(), ready, role, Optional.empty());
	}

	private static ProcessStatus withInstance(ProcessStatus row, Optional<GatewayView> view) {
		Optional<InstanceView> instance = view.flatMap((seen) -> seen.pools()
			.values()
			.stream()
			.flatMap((pool) -> pool.instances().stream())
			.filter((candidate) -> candidate.id().equals(row.name()))
			.findFirst());
		return new ProcessStatus(row.name(), row.pid(), row.port(), row.ready(), row.role(), instance);
	}

	/**
	 * Replicas beyond the remembered number that still run (a scale down in progress).
	 */
	private List<String> strayReplicas(Topology topology) {
		List<String> known = topology.nodes().stream().map(Node::name).toList();
		return this.launcher.recorded()
			.stream()
			.filter((name) -> REPLICA.matcher(name).matches() && !known.contains(name))
			.filter((name) -> this.launcher.running(name).isPresent())
			.toList();
	}

	/**
	 * A process by the name {@code status} shows; {@code redis-primary} names whichever
	 * data node the Sentinels name as the primary right now.
	 * @throws IllegalArgumentException for a name the topology does not have
	 */
	public Node node(String name) {
		Topology topology = topology();
		if (name.equals("redis-primary")) {
			if (!topology.redis().hasSentinels()) {
				throw new IllegalArgumentException("redis-primary exists only with ./scaleout up --ha");
			}
			return topology.redis().primary();
		}
		return topology.node(name)
			.orElseThrow(() -> new IllegalArgumentException("unknown process '" + name + "' (see ./scaleout status)"));
	}

	/**
	 * Sends the signal and returns once the process is gone, so that a following start
	 * finds its port free.
	 * @return its pid
	 */
	public long signal(String name, Signal signal) {
		Node node = node(name);
		long pid = node.pid()
			.orElseThrow(() -> new IllegalStateException(
					node.name() + " is not running (or was not started by ./scaleout)"));
		node.signal(signal);
		node.awaitExit(Duration.ofSeconds(30));
		return pid;
	}

	/**
	 * Starts one stopped process with the topology's settings and waits until it is
	 * ready.
	 */
	public Node start(String name) {
		Topology topology = topology();
		Node node = node(name);
		if (node.name().equals(Gateway.NAME)) {
			topology.writeInstanceFiles();
		}
		return node.start().awaitReady(Topology.START);
	}

	/**
	 * Runs {@code replicas} replicas: new ones are started and ready before the gateway's
	 * instance file names them; the others leave the file first, then get SIGTERM.
	 */
	public void scale(int replicas, Consumer<String> say) {
		LocalSettings settings = settings().withReplicas(replicas);
		Topology topology = topology(settings);
		checkPorts(topology);
		if (settings.session() == SessionStore.CLUSTER && replicas > LocalSettings.CLUSTER_MEMBERS) {
			say.accept("the running replicas know cluster members app-1..app-" + LocalSettings.CLUSTER_MEMBERS
					+ " only: those above join the others' sessions after ./scaleout down && up");
		}
		settings.save(settingsFile());
		topology.replicas().forEach(Node::start);
		topology.replicas().forEach((node) -> node.awaitReady(Topology.START));
		topology.writeInstanceFiles();
		for (int n = replicas + 1; n <= MAX_REPLICAS; n++) {
			Optional<Node> extra = topology.node("app-" + n);
			if (extra.isPresent() && extra.get().isRunning()) {
				extra.get().signal(Signal.TERM);
				say.accept("stopping app-" + n);
			}
		}
	}

	/**
	 * Starts the supervisor of {@code --autoscale} as a process of its own (it outlives
	 * this command, as the replicas do), unless one runs. It reads the remembered
	 * settings, so {@code up} saves them first.
	 */
	public void startAutoscaler(Consumer<String> say) {
		if (this.launcher.running(AUTOSCALER).isPresent()) {
			return;
		}
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
				"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", Markers.javaOption(AUTOSCALER),
				"-Dscaleout.root=" + this.stateDir.toAbsolutePath().getParent(), "-cp",
				System.getProperty("java.class.path"), "dev.scaleout.topology.cli.Main", AUTOSCALER);
		RunningProcess process = this.launcher.launch(new ProcessSpec(AUTOSCALER, command, Map.of(), List.of()));
		say.accept("autoscaler started (pid " + process.pid() + "): its decisions in " + log(AUTOSCALER));
	}

	/**
	 * Stops the supervisor of {@code --autoscale}, if one runs, and waits until it is
	 * gone.
	 */
	public void stopAutoscaler(Consumer<String> say) {
		this.launcher.running(AUTOSCALER).ifPresent((process) -> {
			process.signal(Signal.TERM);
			if (!process.awaitExit(Duration.ofSeconds(10))) {
				process.signal(Signal.KILL);
				process.awaitExit(Duration.ofSeconds(5));
			}
			say.accept("autoscaler stopped");
		});
	}

	public Path log(String name) {
		return this.launcher.log(name);
	}

	/**
	 * SIGTERM to every process this launcher started, SIGKILL to those still there after
	 * 30 s; then the settings and the Sentinels' learned configuration are forgotten, so
	 * that the next {@code up} starts from the defaults and the initial primary.
	 */
	public void down(Consumer<String> say) {
		// First, or it would start again the replicas it sees stopping.
		stopAutoscaler(say);
		List<String> names = this.launcher.recorded();
		Map<String, RunningProcess> stopping = new LinkedHashMap<>();
		for (String name : names) {
			this.launcher.running(name).ifPresent((process) -> {
				process.signal(Signal.TERM);
				stopping.put(name, process);
				say.accept("stopping " + name + " (pid " + process.pid() + ")");
			});
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		stopping.forEach((name, process) -> {
			if (!process.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
				say.accept(name + " did not stop within 30 s: SIGKILL");
				process.signal(Signal.KILL);
				process.awaitExit(Duration.ofSeconds(10));
			}
		});
		names.forEach(this.launcher::forget);
		try {
			Files.deleteIfExists(settingsFile());
			if (Files.isDirectory(this.stateDir)) {
				try (Stream<Path> dirs = Files.list(this.stateDir)) {
					for (Path dir : dirs.filter((path) -> path.getFileName().toString().startsWith("sentinel-"))
						.toList()) {
						Files.deleteIfExists(dir.resolve("sentinel.conf"));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
