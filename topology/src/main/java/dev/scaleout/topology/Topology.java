package dev.scaleout.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.scaleout.topology.TopologySpec.CanarySpec;
import dev.scaleout.topology.TopologySpec.GatewaySpec;
import dev.scaleout.topology.process.DetachedLauncher;
import dev.scaleout.topology.process.Launcher;
import dev.scaleout.topology.process.OwnedLauncher;
import dev.scaleout.topology.process.Readiness;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.GatewayKeys.PoolKeys;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.Settings;
import dev.scaleout.topology.settings.SpringKeys;

/**
 * The running system, as processes on 127.0.0.1: the session store, the lock nodes, the
 * object store, the replicas {@code app-1..N}, the canary and the gateway, which finds
 * the replicas of each pool in an instance file that this class writes. The one place
 * that knows which process gets which port and which settings.
 * <p>
 * {@link #owned} topologies are for tests (free ports, everything dies with the JVM);
 * {@link #detached} ones for the launcher (fixed ports, processes outlive the JVM and are
 * found again by the next call). Replicas can be added and removed while it runs.
 */
public final class Topology implements AutoCloseable {

	/**
	 * How long a Spring Boot process may take to be ready (12-15 s here, more under
	 * load).
	 */
	public static final Duration START = Duration.ofSeconds(120);

	/** How often the gateway re-reads the instance files. */
	public static final Duration FILE_REFRESH = Duration.ofSeconds(1);

	private static final Duration STORES_START = Duration.ofSeconds(60);

	private static final Duration ADMISSION = Duration.ofSeconds(30);

	private static final Pattern REPLICA = Pattern.compile("app-([1-9][0-9]*)");

	private final TopologySpec spec;

	private final Ports ports;

	private final Launcher launcher;

	private final Artifacts artifacts;

	private final OwnedLauncher own;

	private final RedisStore redis;

	private final List<Node> lockNodes = new ArrayList<>();

	private final ObjectStore objectStore;

	private final List<Node> replicas = new ArrayList<>();

	private final Node canary;

	private final Gateway gateway;

	private Topology(TopologySpec spec, Ports ports, Launcher launcher, Artifacts artifacts, OwnedLauncher own) {
		this.spec = spec;
		this.ports = ports;
		this.launcher = launcher;
		this.artifacts = artifacts;
		this.own = own;
		this.redis = new RedisStore(spec.redis(), ports, launcher);
		for (int n = 1; n <= spec.lockNodes(); n++) {
			String name = "redis-lock-" + n;
			int port = ports.lockNode(n);
			this.lockNodes.add(new Node(name, port, launcher, Readiness.redis(port), () -> Programs.redis(name, port,
					launcher.directory(name), false, RedisMemory.LOCK_NODE, OptionalInt.empty())));
		}
		this.objectStore = spec.objectStore() ? new ObjectStore(ports.objectStore(), launcher, artifacts) : null;
		for (int n = 1; n <= spec.replicas(); n++) {
			this.replicas.add(replicaNode(n));
		}
		this.canary = spec.canary().map(this::canaryNode).orElse(null);
		this.gateway = spec.gateway().map(this::gatewayOf).orElse(null);
	}

	/**
	 * A topology for a test: free ports, working directories under a temporary directory,
	 * every process killed when the JVM exits or at {@link #close()}. Nothing runs yet.
	 */
	public static Topology owned(TopologySpec spec) {
		OwnedLauncher launcher = Launcher.owned();
		return new Topology(spec, Ports.free(), launcher, Artifacts.ofBuild(), launcher);
	}

	/**
	 * A topology whose processes outlive this JVM, with its state in the launcher's
	 * directory: what {@code ./scaleout} runs. Processes already running are found again.
	 */
	public static Topology detached(TopologySpec spec, Ports ports, DetachedLauncher launcher) {
		return new Topology(spec, ports, launcher, Artifacts.ofBuild(), null);
	}

	public TopologySpec spec() {
		return this.spec;
	}

	/**
	 * Starts everything that does not run yet and returns once every process is ready and
	 * the gateway's health checks admit every replica. An owned topology that does not
	 * come up is closed (a detached one stays, for its logs and status).
	 * @throws IllegalStateException naming the process that did not come up, with its log
	 */
	public Topology start() {
		try {
			startStores();
			startServices();
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/** The session store, the lock nodes and the object store; waits until they serve. */
	public Topology startStores() {
		this.redis.start(STORES_START);
		List<Node> others = new ArrayList<>(this.lockNodes);
		objectStore().ifPresent((store) -> others.add(store.node()));
		others.forEach(Node::start);
		others.forEach((node) -> node.awaitReady(STORES_START));
		return this;
	}

	/**
	 * The replicas, the canary and the gateway; waits until the gateway admits them all.
	 */
	public Topology startServices() {
		List<Node> services = new ArrayList<>(replicas());
		canary().ifPresent(services::add);
		if (this.gateway != null) {
			writeInstanceFiles();
			services.add(this.gateway.node());
		}
		services.forEach(Node::start);
		services.forEach((node) -> node.awaitReady(START));
		awaitBalanced();
		return this;
	}

	/** Until the gateway (if any) admits every replica and the canary. */
	public void awaitBalanced() {
		if (this.gateway == null) {
			return;
		}
		Map<Pool, Integer> expected = new EnumMap<>(Pool.class);
		expected.put(Pool.APP, replicas().size());
		expected.put(Pool.CANARY, (this.canary != null) ? 1 : 0);
		this.gateway.awaitHealthy(expected, ADMISSION);
	}

	/** Every process, in start order. */
	public List<Node> nodes() {
		List<Node> nodes = new ArrayList<>(this.redis.nodes());
		nodes.addAll(this.lockNodes);
		objectStore().ifPresent((store) -> nodes.add(store.node()));
		nodes.addAll(replicas());
		canary().ifPresent(nodes::add);
		if (this.gateway != null) {
			nodes.add(this.gateway.node());
		}
		return nodes;
	}

	/**
	 * A process by name. Any {@code app-N} has one, whether or not it belongs to the
	 * replicas right now (a replica left over from a larger scale can still be stopped).
	 */
	public Optional<Node> node(String name) {
		Optional<Node> known = nodes().stream().filter((node) -> node.name().equals(name)).findFirst();
		if (known.isPresent()) {
			return known;
		}
		Matcher replica = REPLICA.matcher(name);
		return replica.matches() ? Optional.of(replicaNode(Integer.parseInt(replica.group(1)))) : Optional.empty();
	}

	/** The replicas of pool {@code app}, {@code app-1} first. */
	public synchronized List<Node> replicas() {
		return List.copyOf(this.replicas);
	}

	/** A replica of pool {@code app} by name. */
	public Node replica(String name) {
		return replicas().stream()
			.filter((node) -> node.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no replica " + name + " in " + replicas()));
	}

	public Optional<Node> canary() {
		return Optional.ofNullable(this.canary);
	}

	public RedisStore redis() {
		return this.redis;
	}

	public List<Node> lockNodes() {
		return List.copyOf(this.lockNodes);
	}

	public Optional<ObjectStore> objectStore() {
		return Optional.ofNullable(this.objectStore);
	}

	/**
	 * @throws IllegalStateException when the topology has no gateway
	 */
	public Gateway gateway() {
		if (this.gateway == null) {
			throw new IllegalStateException("this topology runs no gateway");
		}
		return this.gateway;
	}

	/**
	 * Adds {@code app-(N+1)} to the replicas without starting it: start it, wait until it
	 * is ready, then {@link #writeInstanceFiles()} so that the gateway admits it.
	 */
	public synchronized Node addReplica() {
		Node replica = replicaNode(this.replicas.size() + 1);
		this.replicas.add(replica);
		return replica;
	}

	/**
	 * Takes the last replica out and rewrites the instance files (the gateway re-reads
	 * them within its refresh interval); stopping it is the caller's.
	 */
	public synchronized Node removeReplica() {
		if (this.replicas.isEmpty()) {
			throw new IllegalStateException("no replica left to remove");
		}
		Node removed = this.replicas.remove(this.replicas.size() - 1);
		if (this.gateway != null) {
			writeInstanceFiles();
		}
		return removed;
	}

	/** Where the gateway finds a pool's instances. */
	public Path instancesFile(Pool pool) {
		return this.launcher.directory(Gateway.NAME).resolve(pool.id() + ".instances");
	}

	/**
	 * Writes each pool's instance file from the replicas and the canary as they are now;
	 * the gateway re-reads them every few seconds. Written whole and moved into place, so
	 * the gateway never reads half a file.
	 */
	public synchronized void writeInstanceFiles() {
		write(instancesFile(Pool.APP), replicas().stream().map(Node::url).toList());
		write(instancesFile(Pool.CANARY), canary().map(Node::url).stream().toList());
	}

	/** Overwrites a pool's instance file with these URLs (a test adds one that dies). */
	public void writeInstancesFile(Pool pool, List<String> urls) {
		write(instancesFile(pool), urls);
	}

	private static void write(Path file, List<String> urls) {
		List<String> lines = new ArrayList<>();
		lines.add("# written by the topology model; the gateway re-reads it every few seconds");
		lines.addAll(urls);
		try {
			Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
			Files.write(temporary, lines);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Owned: kills every process and deletes their working directories. Detached:
	 * nothing; the processes go on.
	 */
	@Override
	public void close() {
		if (this.own != null) {
			this.own.close();
		}
	}

	private Node replicaNode(int n) {
		String name = "app-" + n;
		int port = this.ports.replica(n);
		return new Node(name, port, this.launcher, readiness(port),
				() -> Programs.bootJar(name, this.artifacts.appJar(), this.spec.javaOptions(),
						replicaSettings(name, port, "1", this.ports.tribes(n)).and(this.spec.app().settingsOf(name))),
				Programs.fastStart(this.artifacts.appJar()));
	}

	private Node canaryNode(CanarySpec canary) {
		int port = this.ports.canary();
		return new Node(canary.name(), port, this.launcher, readiness(port),
				() -> Programs.bootJar(canary.name(), this.artifacts.appJar(), this.spec.javaOptions(),
						replicaSettings(canary.name(), port, canary.version(), this.ports.canaryTribes())
							.and(this.spec.app().settingsOf(canary.name()))
							.and(canary.settings())),
				Programs.fastStart(this.artifacts.appJar()));
	}

	/** What every replica is told about itself and the stores it shares. */
	private Settings replicaSettings(String name, int port, String version, int tribesPort) {
		TopologySpec.AppSpec app = this.spec.app();
		Settings settings = Settings.of(SpringKeys.SERVER_PORT, port)
			.with(AppKeys.PROFILES, "dev")
			.with(AppKeys.INSTANCE_ID, name)
			.with(AppKeys.VERSION, version)
			.and(this.redis.clientSettings())
			.with(AppKeys.SESSION_STORE, app.sessionStore());
		if (app.sessionStore() == SessionStore.CLUSTER) {
			settings = settings.with(AppKeys.SESSION_CLUSTER_REPLICATION, app.replication())
				.with(AppKeys.SESSION_CLUSTER_PORT, tribesPort)
				.with(AppKeys.SESSION_CLUSTER_MEMBERS, clusterMembers());
		}
		settings = settings.with(AppKeys.INVENTORY_GUARD, app.guard());
		if (!this.lockNodes.isEmpty()) {
			settings = settings.with(AppKeys.INVENTORY_LOCK_NODES,
					this.lockNodes.stream().map((node) -> "redis://127.0.0.1:" + node.port()).toList());
		}
		settings = settings.with(AppKeys.STORAGE_TYPE, app.storage());
		if (this.objectStore != null) {
			settings = settings.and(this.objectStore.clientSettings());
		}
		return settings.with(AppKeys.STORAGE_LOCAL_DIR, uploadDirectory(name).toString());
	}

	/**
	 * Where a replica keeps uploads with {@code local} storage: a directory of its own,
	 * as each container has its own disk.
	 */
	public Path uploadDirectory(Node replica) {
		return uploadDirectory(replica.name());
	}

	private Path uploadDirectory(String name) {
		return this.launcher.directory(name).resolve("uploads");
	}

	/**
	 * Tribes' static membership: {@code app-1} to {@code app-max(N, clusterMembers)} and
	 * the canary, running or not.
	 */
	private List<String> clusterMembers() {
		List<String> members = new ArrayList<>();
		int count = Math.max(replicas().size(), Math.max(this.spec.replicas(), this.spec.app().clusterMembers()));
		for (int n = 1; n <= count; n++) {
			members.add("127.0.0.1:" + this.ports.tribes(n));
		}
		if (this.spec.canary().isPresent()) {
			members.add("127.0.0.1:" + this.ports.canaryTribes());
		}
		return members;
	}

	private Gateway gatewayOf(GatewaySpec spec) {
		int port = this.ports.gateway();
		int management = this.ports.gatewayManagement();
		List<String> javaOptions = new ArrayList<>(this.spec.javaOptions());
		javaOptions.addAll(spec.javaOptions());
		Node node = new Node(Gateway.NAME, port, this.launcher,
				Readiness.http(URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness")),
				() -> Programs.bootJar(Gateway.NAME, this.artifacts.gatewayJar(), javaOptions,
						gatewaySettings(spec, port, management)),
				Programs.fastStart(this.artifacts.gatewayJar()));
		return new Gateway(node, management);
	}

	private Settings gatewaySettings(GatewaySpec spec, int port, int management) {
		PoolKeys app = GatewayKeys.pool(Pool.APP);
		Settings settings = Settings.of(SpringKeys.SERVER_PORT, port)
			.with(GatewayKeys.MANAGEMENT_PORT, management)
			.and(this.redis.clientSettings())
			.with(app.strategy(), spec.strategy())
			.with(app.discoveryFile(), instancesFile(Pool.APP).toString())
			.with(GatewayKeys.pool(Pool.CANARY).discoveryFile(), instancesFile(Pool.CANARY).toString())
			// A local file costs nothing to read: a replica the launcher adds is seen
			// within a
			// second (the default, 3 s, suits DNS).
			.with(app.discoveryRefreshInterval(), FILE_REFRESH)
			.with(GatewayKeys.pool(Pool.CANARY).discoveryRefreshInterval(), FILE_REFRESH)
			.with(GatewayKeys.LOGIN_RATE_LIMIT_ENABLED, spec.loginRateLimit());
		if (spec.hashKey().isPresent()) {
			settings = settings.with(app.hashKeySource(), spec.hashKey().get().source())
				.with(app.hashKeyName(), spec.hashKey().get().name());
		}
		for (Map.Entry<String, Integer> weight : spec.weights().entrySet()) {
			Node replica = node(weight.getKey())
				.orElseThrow(() -> new IllegalArgumentException("a weight for " + weight.getKey() + ", no replica"));
			settings = settings.with(app.weight(replica.url()), weight.getValue());
		}
		return settings.and(spec.settings());
	}

	private static Readiness readiness(int port) {
		return Readiness.http(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"));
	}

}
