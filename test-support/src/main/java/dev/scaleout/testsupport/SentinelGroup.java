package dev.scaleout.testsupport;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A session store that survives its primary: a Redis primary, one replica and three
 * Sentinels (quorum two) on free ports, all real processes. Clients are given
 * {@link #master()} and {@link #sentinelNodes()} and must find the primary themselves.
 */
public final class SentinelGroup implements AutoCloseable {

	private static final String MASTER = "scaleout";

	private final List<RedisProcess> dataNodes;

	private final List<RedisProcess> sentinels;

	private SentinelGroup(List<RedisProcess> dataNodes, List<RedisProcess> sentinels) {
		this.dataNodes = dataNodes;
		this.sentinels = sentinels;
	}

	/**
	 * Starts the group and waits until every Sentinel knows the replica and its peers.
	 */
	public static SentinelGroup start(Duration downAfter) {
		RedisProcess primary = RedisProcess.start(FreePorts.next());
		RedisProcess replica = RedisProcess.startReplicaOf(FreePorts.next(), primary.port());
		List<RedisProcess> sentinels = List.of(
				RedisProcess.startSentinel(FreePorts.next(), MASTER, primary.port(), downAfter),
				RedisProcess.startSentinel(FreePorts.next(), MASTER, primary.port(), downAfter),
				RedisProcess.startSentinel(FreePorts.next(), MASTER, primary.port(), downAfter));
		SentinelGroup group = new SentinelGroup(List.of(primary, replica), sentinels);
		group.awaitFailoverPossible(Duration.ofSeconds(30));
		return group;
	}

	/**
	 * The name the Sentinels know the primary by:
	 * {@code spring.data.redis.sentinel.master}.
	 */
	public String master() {
		return MASTER;
	}

	/** {@code host:port,...}: {@code spring.data.redis.sentinel.nodes}. */
	public String sentinelNodes() {
		return this.sentinels.stream().map((s) -> s.host() + ":" + s.port()).collect(Collectors.joining(","));
	}

	/** The data node the Sentinels name as the primary right now. */
	public RedisProcess primary() {
		int port = primaryPort();
		return this.dataNodes.stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("the Sentinels name an unknown primary on " + port));
	}

	private int primaryPort() {
		for (RedisProcess sentinel : this.sentinels) {
			try {
				List<String> address = Resp.command(sentinel.port(), "SENTINEL", "get-master-addr-by-name", MASTER);
				return Integer.parseInt(address.get(1));
			}
			catch (UncheckedIOException ex) {
				// Ask the next one.
			}
		}
		throw new IllegalStateException("no Sentinel answers");
	}

	/**
	 * Waits until each Sentinel sees a replica to promote and the two other Sentinels to
	 * vote with: before that, a dead primary would stay dead.
	 */
	public void awaitFailoverPossible(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (RedisProcess sentinel : this.sentinels) {
			while (!seesReplicaAndPeers(sentinel)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Sentinel on " + sentinel.port()
							+ " does not see a replica and two peers after " + timeout);
				}
				sleep(100);
			}
		}
	}

	private static boolean seesReplicaAndPeers(RedisProcess sentinel) {
		try {
			List<String> fields = Resp.command(sentinel.port(), "SENTINEL", "master", MASTER);
			return Integer.parseInt(field(fields, "num-slaves")) >= 1
					&& Integer.parseInt(field(fields, "num-other-sentinels")) >= 2
					&& field(fields, "flags").equals("master");
		}
		catch (UncheckedIOException | IllegalStateException ex) {
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

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.sentinels.forEach(RedisProcess::close);
		this.dataNodes.forEach(RedisProcess::close);
	}

}
