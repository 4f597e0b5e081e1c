package dev.scaleout.topology;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import dev.scaleout.topology.process.Launcher;
import dev.scaleout.topology.process.OwnedLauncher;
import dev.scaleout.topology.process.Readiness;
import dev.scaleout.topology.process.Resp;
import dev.scaleout.topology.settings.Settings;
import dev.scaleout.topology.settings.SpringKeys;

/**
 * The session store: one Redis ({@code redis}), or with Sentinels two data nodes
 * ({@code redis}, {@code redis-replica}) watched by {@code sentinel-1..3}. With Sentinels
 * each data node starts as a replica of the primary the Sentinels name at that moment (at
 * the very first start, of {@code redis}), so a node that comes back after a failover
 * follows the new primary instead of serving its stale data as a second one.
 */
public final class RedisStore implements AutoCloseable {

	private final Redis spec;

	private final List<Node> dataNodes = new ArrayList<>();

	private final List<Node> sentinels = new ArrayList<>();

	private final OwnedLauncher own;

	RedisStore(Redis spec, Ports ports, Launcher launcher) {
		this(spec, ports, launcher, null);
	}

	private RedisStore(Redis spec, Ports ports, Launcher launcher, OwnedLauncher own) {
		this.spec = spec;
		this.own = own;
		this.dataNodes.add(dataNode("redis", ports.redis(), launcher));
		if (spec instanceof Redis.Sentinel sentinel) {
			this.dataNodes.add(dataNode("redis-replica", ports.redisReplica(), launcher));
			for (int n = 1; n <= 3; n++) {
				String name = "sentinel-" + n;
				int port = ports.sentinel(n);
				int initialPrimary = ports.redis();
				this.sentinels.add(new Node(name, port, launcher, Readiness.redis(port), () -> Programs.sentinel(name,
						port, launcher.directory(name), initialPrimary, sentinel.downAfter())));
			}
		}
	}

	/** A store of its own on free ports, whose processes die with the JVM or at close. */
	public static RedisStore start(Redis spec) {
		OwnedLauncher launcher = Launcher.owned();
		RedisStore store = new RedisStore(spec, Ports.free(), launcher, launcher);
		try {
			store.start(Duration.ofSeconds(30));
		}
		catch (RuntimeException ex) {
			store.close();
			throw ex;
		}
		return store;
	}

	/** Whether {@code redis-server} can be found, so that a store can run here at all. */
	public static boolean binaryAvailable() {
		return Programs.redisAvailable();
	}

	private Node dataNode(String name, int port, Launcher launcher) {
		return new Node(name, port, launcher, Readiness.redis(port), () -> {
			OptionalInt follow = OptionalInt.empty();
			if (hasSentinels()) {
				int primary = currentPrimaryPort().orElse(this.dataNodes.get(0).port());
				if (primary != port) {
					follow = OptionalInt.of(primary);
				}
			}
			return Programs.redis(name, port, launcher.directory(name), this.spec.persistent(),
					RedisMemory.SESSION_STORE, follow);
		});
	}

	/**
	 * Starts every process that does not run and waits until the store can serve (and,
	 * with Sentinels, survive its primary).
	 */
	public void start(Duration timeout) {
		Node first = this.dataNodes.get(0);
		first.start().awaitReady(timeout);
		nodes().forEach(Node::start);
		nodes().forEach((node) -> node.awaitReady(timeout));
		if (hasSentinels()) {
			awaitFailoverPossible(Duration.ofSeconds(30));
		}
	}

	/** Every process, in start order. */
	public List<Node> nodes() {
		List<Node> nodes = new ArrayList<>(this.dataNodes);
		nodes.addAll(this.sentinels);
		return nodes;
	}

	public List<Node> dataNodes() {
		return List.copyOf(this.dataNodes);
	}

	public List<Node> sentinels() {
		return List.copyOf(this.sentinels);
	}

	public boolean hasSentinels() {
		return !this.sentinels.isEmpty();
	}

	/**
	 * The name the Sentinels know the primary by:
	 * {@code spring.data.redis.sentinel.master}.
	 */
	public String master() {
		return Programs.SENTINEL_MASTER;
	}

	/** {@code host:port,...}: {@code spring.data.redis.sentinel.nodes}. */
	public String sentinelNodes() {
		return this.sentinels.stream().map((s) -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
	}

	/** How the replicas and the gateway reach the store. */
	public Settings clientSettings() {
		if (hasSentinels()) {
			return Settings.of(SpringKeys.REDIS_SENTINEL_MASTER, master())
				.with(SpringKeys.REDIS_SENTINEL_NODES, sentinelNodes());
		}
		return Settings.of(SpringKeys.REDIS_HOST, "127.0.0.1")
			.with(SpringKeys.REDIS_PORT, this.dataNodes.get(0).port());
	}

	/**
	 * The data node that is the primary right now: the only one, or the one the Sentinels
	 * name.
	 * @throws IllegalStateException when no Sentinel answers
	 */
	public Node primary() {
		if (!hasSentinels()) {
			return this.dataNodes.get(0);
		}
		int port = currentPrimaryPort().orElseThrow(() -> new IllegalStateException("no Sentinel answers"));
		return this.dataNodes.stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("the Sentinels name an unknown primary on " + port));
	}

	/** The port of the primary as the first Sentinel that answers names it. */
	public OptionalInt currentPrimaryPort() {
		for (Node sentinel : this.sentinels) {
			try {
				List<String> address = Resp.command(sentinel.port(), Duration.ofSeconds(1), "SENTINEL",
						"get-master-addr-by-name", master());
				return OptionalInt.of(Integer.parseInt(address.get(1)));
			}
			catch (UncheckedIOException | IndexOutOfBoundsException | NumberFormatException ex) {
				// Ask the next one.
			}
		}
		return OptionalInt.empty();
	}

	/** {@code master} or {@code slave}, as the data node itself says (ROLE). */
	public Optional<String> role(Node dataNode) {
		try {
			return Optional.of(Resp.command(dataNode.port(), Duration.ofSeconds(1), "ROLE").get(0));
		}
		catch (UncheckedIOException | IndexOutOfBoundsException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Waits until each Sentinel sees a replica to promote and the two other Sentinels to
	 * vote with: before that, a dead primary would stay dead.
	 */
	public void awaitFailoverPossible(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Node sentinel : this.sentinels) {
			while (!seesReplicaAndPeers(sentinel)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(sentinel.name() + " does not see a replica and two peers after "
							+ timeout.toSeconds() + " s; see " + sentinel.log());
				}
				Waiting.pause(100);
			}
		}
	}

	private boolean seesReplicaAndPeers(Node sentinel) {
		try {
			List<String> fields = Resp.command(sentinel.port(), "SENTINEL", "master", master());
			return Integer.parseInt(field(fields, "num-slaves")) >= 1
					&& Integer.parseInt(field(fields, "num-other-sentinels")) >= 2
					&& field(fields, "flags").equals("master");
		}
		catch (UncheckedIOException | IllegalStateException | NumberFormatException ex) {
			return false;
		}
	}

	private static String field(List<String> fields, String name) {
		int index = fields.indexOf(name);
		if (index < 0 || index + 1 >= fields.size()) {
			throw new IllegalStateException("no " + name + " in " + fields);
		}
		return fields.get(index + 1);
	}

	/**
	 * Stops a store started on its own ({@link #start(Redis)}); within a topology,
	 * nothing.
	 */
	@Override
	public void close() {
		if (this.own != null) {
			this.own.close();
		}
	}

}
