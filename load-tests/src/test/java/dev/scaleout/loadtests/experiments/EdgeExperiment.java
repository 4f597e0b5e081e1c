package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.process.FreePorts;
import dev.scaleout.topology.settings.Pool;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * L4 against L7 at the edge, with the clients real users have: a few connections kept
 * open, each sending its requests one after the other. HAProxy in TCP mode balances the
 * connections and pipes them; HAProxy in HTTP mode and the gateway balance each request.
 * Per edge: each replica's share, how many replicas one connection reached, whether the
 * canary cookie reaches the canary, and what the clients see when app-2 is SIGKILLed
 * under that load (failed requests, and how many of them one reconnect and retry saved).
 */
final class EdgeExperiment implements Experiment {

	static final String CANARY_COOKIE = "canary=always";

	static final String VICTIM = "app-2";

	static final Duration WARM_UP = Duration.ofSeconds(15);

	enum Edge {

		L4_HAPROXY("HAProxy, TCP mode (L4)"), L7_HAPROXY("HAProxy, HTTP mode (L7)"), L7_GATEWAY("the gateway (L7)");

		private final String text;

		Edge(String text) {
			this.text = text;
		}

	}

	/**
	 * What the clients saw in one run.
	 *
	 * @param served answers (2xx) by the replica named in {@code X-Instance}
	 * @param connections per TCP connection the clients opened, the replicas that
	 * answered on it
	 * @param failed requests that got no answer, or a 5xx
	 * @param recovered of the failed ones cut off, those answered after one reconnect
	 * @param duration how long the clients sent
	 */
	record Run(Map<String, Long> served, List<Set<String>> connections, long failed, long recovered,
			Duration duration) {

		long answered() {
			return this.served.values().stream().mapToLong(Long::longValue).sum();
		}

		double share(String replica) {
			return (answered() == 0) ? Double.NaN : 100.0 * this.served.getOrDefault(replica, 0L) / answered();
		}

		double perSecond() {
			return answered() / (this.duration.toNanos() / 1e9);
		}

		/** Over the connections that carried at least one answer. */
		double replicasPerConnection() {
			return this.connections.stream()
				.filter((replicas) -> !replicas.isEmpty())
				.mapToInt(Set::size)
				.average()
				.orElse(Double.NaN);
		}

		double answersPerConnection() {
			return (this.connections.isEmpty()) ? Double.NaN : (double) answered() / this.connections.size();
		}

	}

	record Row(Edge edge, Run steady, double canaryShare, Run kill) {
	}

	@Override
	public String name() {
		return "edge";
	}

	@Override
	public String summary() {
		return "L4 vs L7: HAProxy in TCP mode, HAProxy in HTTP mode and the gateway in front of the same replicas,\n"
				+ "with keep-alive clients: shares, the canary cookie, a replica SIGKILLed (needs haproxy)";
	}

	@Override
	public Table run(Lab lab) {
		Machine.requirePrograms(name(), "haproxy");
		int connections = lab.number("EXPERIMENT_CONNECTIONS", 4);
		Duration duration = Duration.ofSeconds(lab.number("EXPERIMENT_EDGE_SECONDS", 8));
		Topology topology = lab.up("(3 replicas and the canary)", (settings) -> settings);
		List<Integer> replicaPorts = topology.replicas().stream().map(Node::port).toList();
		Map<Edge, Run> steady = new EnumMap<>(Edge.class);
		Map<Edge, Double> canary = new EnumMap<>(Edge.class);
		Map<Edge, Run> kill = new EnumMap<>(Edge.class);
		try (HaProxy l4 = HaProxy.start(lab.out().resolve("edge"), FreePorts.next(), replicaPorts, HaProxy.Mode.TCP);
				HaProxy l7 = HaProxy.start(lab.out().resolve("edge"), FreePorts.next(), replicaPorts,
						HaProxy.Mode.HTTP)) {
			Map<Edge, Integer> ports = Map.of(Edge.L4_HAPROXY, l4.port(), Edge.L7_HAPROXY, l7.port(), Edge.L7_GATEWAY,
					URI.create(topology.gateway().url()).getPort());
			awaitFullShares(topology);
			for (Edge edge : Edge.values()) {
				awaitAllServing(ports.get(edge), replicaPorts.size());
				// Warm-up, not counted: a gateway whose C2 has not compiled its hot paths
				// yet
				// answers one request at a time in about 10 ms instead of 3.
				drive(ports.get(edge), connections, WARM_UP, null);
				steady.put(edge, drive(ports.get(edge), connections, duration, null));
				canary.put(edge, canaryShare(ports.get(edge)));
				lab.log(String.format(Locale.ROOT,
						"%s: %s, %.0f answers/s, %.1f replicas per connection (%.0f answers each), canary cookie %.0f %% canary",
						edge.text, shares(steady.get(edge)), steady.get(edge).perSecond(),
						steady.get(edge).replicasPerConnection(), steady.get(edge).answersPerConnection(),
						canary.get(edge)));
			}
			for (Edge edge : Edge.values()) {
				awaitAllServing(ports.get(edge), replicaPorts.size());
				Run run = drive(ports.get(edge), connections, duration, topology.replica(VICTIM));
				kill.put(edge, run);
				lab.log(String.format(Locale.ROOT, "%s, %s SIGKILLed: %d failed of %d, %d recovered by a reconnect",
						edge.text, VICTIM, run.failed(), run.answered() + run.failed(), run.recovered()));
				topology.replica(VICTIM).start().awaitReady(Topology.START);
				topology.awaitBalanced();
				awaitFullShares(topology);
			}
		}
		List<Row> rows = new ArrayList<>();
		for (Edge edge : Edge.values()) {
			rows.add(new Row(edge, steady.get(edge), canary.get(edge), kill.get(edge)));
		}
		lab.down();
		List<Column<Row>> columns = List.of(column("edge", (row) -> row.edge().text),
				column("answers/s", (row) -> new Cell.Decimal(row.steady().perSecond(), 0)),
				column("app-1 / app-2 / app-3 share", (row) -> shares(row.steady())),
				column("answers per connection", (row) -> new Cell.Decimal(row.steady().answersPerConnection(), 0)),
				column("replicas one connection reached",
						(row) -> new Cell.Decimal(row.steady().replicasPerConnection(), 1)),
				column("canary=always answered by the canary", (row) -> new Cell.Percent(row.canaryShare(), 0)),
				column("requests while " + VICTIM + " was SIGKILLed",
						(row) -> row.kill().answered() + row.kill().failed()),
				column("failed", (row) -> row.kill().failed()),
				column("of those, answered after one reconnect", (row) -> row.kill().recovered()));
		return Table.of(name(), "L4 vs L7 at the edge: " + connections
				+ " keep-alive connections, one request at a time each, " + duration.toSeconds() + " s per run",
				columns, rows,
				"Same three replicas behind each edge, round robin, health checks every second (HAProxy: 2 "
						+ "failed checks take a server out; TCP mode checks that a connection opens, HTTP mode and "
						+ "the gateway ask readiness). HAProxy in HTTP mode repeats a request whose connection "
						+ "failed or whose answer never came (retry-on conn-failure empty-response "
						+ "response-timeout); the gateway repeats a GET cut off on another replica. In TCP mode "
						+ "HAProxy sees bytes, not requests: a connection stays on the replica it was given, the "
						+ "cookie is never read, and a request in flight on a killed replica's connection is lost "
						+ "to the client, which must reconnect and send it again. Tomcat closes a keep-alive "
						+ "connection after 100 requests (maxKeepAliveRequests), so even L4 clients move on: "
						+ "per connection, L4 reaches one replica and L7 all of them. " + VICTIM + " is SIGKILLed "
						+ "3 s into each edge's second run and started again after it; the gateway's slow start "
						+ "is over before each run, and each edge has 15 s of the same traffic before its first.");
	}

	/**
	 * Until a request through the edge has been answered by every replica (at most 30 s).
	 */
	private static void awaitAllServing(int port, int replicas) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Set<String> seen = new TreeSet<>();
		while (seen.size() < replicas) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("only " + seen + " answered through port " + port + " in 30 s");
			}
			// A new connection each time: an L4 edge balances connections.
			try (KeepAliveClient client = new KeepAliveClient(port, 5000)) {
				KeepAliveClient.Answer answer = client.get("/api/ping", null);
				if (answer.status() == 200 && answer.header("X-Instance") != null) {
					seen.add(answer.header("X-Instance"));
				}
			}
			catch (IOException notYet) {
				TrafficClock.sleep(Duration.ofMillis(200));
			}
		}
	}

	/**
	 * {@code connections} clients for {@code duration}; when a victim is given, it is
	 * SIGKILLed 3 s in. A request cut off is sent once more on a new connection, as a
	 * client that reconnects would.
	 */
	static Run drive(int port, int connections, Duration duration, Node victim) {
		Map<String, Long> served = new TreeMap<>();
		List<Set<String>> perConnection = new ArrayList<>();
		AtomicLong failed = new AtomicLong();
		AtomicLong recovered = new AtomicLong();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> clients = new ArrayList<>();
		long started = System.nanoTime();
		for (int c = 0; c < connections; c++) {
			Thread thread = new Thread(() -> {
				try (KeepAliveClient client = new KeepAliveClient(port, 5000)) {
					List<Set<String>> mine = new ArrayList<>();
					while (running.get()) {
						String replica = null;
						try {
							replica = answeredBy(client.get("/api/ping", null));
						}
						catch (IOException cutOff) {
							failed.incrementAndGet();
							try {
								replica = answeredBy(client.get("/api/ping", null));
								if (replica != null) {
									recovered.incrementAndGet();
								}
							}
							catch (IOException again) {
								// counted once, as the request it is
							}
							if (replica == null) {
								TrafficClock.sleep(Duration.ofMillis(50));
								continue;
							}
						}
						if (replica == null) {
							failed.incrementAndGet();
							continue;
						}
						while (mine.size() < client.opened()) {
							mine.add(new TreeSet<>());
						}
						mine.get(client.opened() - 1).add(replica);
						synchronized (served) {
							served.merge(replica, 1L, Long::sum);
						}
					}
					synchronized (served) {
						perConnection.addAll(mine);
					}
				}
			}, "edge-client-" + c);
			thread.start();
			clients.add(thread);
		}
		if (victim != null) {
			TrafficClock.sleep(Duration.ofSeconds(3));
			victim.kill();
			TrafficClock.sleep(duration.minusSeconds(3));
		}
		else {
			TrafficClock.sleep(duration);
		}
		running.set(false);
		for (Thread thread : clients) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		synchronized (served) {
			return new Run(Map.copyOf(served), List.copyOf(perConnection), failed.get(), recovered.get(), elapsed);
		}
	}

	/** Until the gateway gives every replica its full share (slow start over; 30 s). */
	private static void awaitFullShares(Topology topology) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!topology.gateway()
			.instances()
			.pool(Pool.APP)
			.instances()
			.stream()
			.allMatch((instance) -> instance.isHealthy() && instance.slowStartPercent() == 100)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the gateway's replicas are not all at full share after 30 s");
			}
			TrafficClock.sleep(Duration.ofMillis(200));
		}
	}

	/** The replica that answered a 2xx, or {@code null} for anything else. */
	private static String answeredBy(KeepAliveClient.Answer answer) {
		return (answer.status() / 100 == 2) ? answer.header("X-Instance") : null;
	}

	/**
	 * Of 30 requests with the canary cookie, each on a new connection, the canary's
	 * share.
	 */
	private static double canaryShare(int port) {
		int canary = 0;
		int requests = 30;
		for (int i = 0; i < requests; i++) {
			try (KeepAliveClient client = new KeepAliveClient(port, 5000)) {
				KeepAliveClient.Answer answer = client.get("/api/ping", CANARY_COOKIE);
				canary += "app-canary".equals(answer.header("X-Instance")) ? 1 : 0;
			}
			catch (IOException ex) {
				// not the canary
			}
		}
		return 100.0 * canary / requests;
	}

	private static String shares(Run run) {
		return List.of("app-1", "app-2", "app-3")
			.stream()
			.map((replica) -> String.format(Locale.ROOT, "%.0f", run.share(replica)))
			.collect(Collectors.joining(" / ")) + " %";
	}

}
