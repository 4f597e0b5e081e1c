package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.scaleout.loadtests.FailoverSimulation;
import dev.scaleout.loadtests.experiments.GatlingResult.Stats;
import dev.scaleout.loadtests.experiments.SimulationFigures.Sessions;
import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.process.Resp;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionStore;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * What keeping sessions costs as replicas are added: the same load on 2, 4 and 6
 * replicas, sessions replicated by Tomcat's clustering (both flavours) or kept in Redis.
 */
final class ClusterCostExperiment implements Experiment {

	private record Store(SessionStore store, Replication replication) {

		String text() {
			return (this.store == SessionStore.CLUSTER) ? "cluster/" + Choices.text(this.replication)
					: Choices.text(this.store);
		}

	}

	private static final List<Store> STORES = List.of(new Store(SessionStore.CLUSTER, Replication.ALL_TO_ALL),
			new Store(SessionStore.CLUSTER, Replication.PRIMARY_BACKUP),
			new Store(SessionStore.REDIS, Replication.ALL_TO_ALL));

	/**
	 * @param trafficPerReplica session bytes in and out per replica and second (KiB/s)
	 * @param bytesPerRequest every byte once over the requests of the run
	 * @param held session copies in each replica's memory; empty for redis
	 * @param memoryKiB held × the average serialized size; empty for redis
	 */
	private record Row(int replicas, Store store, Cell trafficPerReplica, Cell bytesPerRequest, Cell held,
			Cell memoryKiB, GatlingResult run, Optional<Stats> stats, Optional<Sessions> sessions) {
	}

	@Override
	public String name() {
		return "cluster-cost";
	}

	@Override
	public String summary() {
		return "cluster (all-to-all, primary-backup) vs redis sessions on 2, 4 and 6 replicas, same load:\n"
				+ "session traffic and memory per replica, whoami p99";
	}

	@Override
	public Table run(Lab lab) {
		List<Row> rows = new ArrayList<>();
		for (int replicas : List.of(2, 4, 6)) {
			for (Store store : STORES) {
				// No canary: with cluster sessions it would be one more member, holding copies
				// and taking replication traffic that app-1..N's meters do not show.
				Topology topology = lab.up("--replicas " + replicas + " --session " + store.text() + " --canary off",
						(settings) -> settings.replicas(replicas)
							.session(store.store())
							.replication(store.replication())
							.canary(false));
				rows.add(measure(lab, topology, replicas, store));
			}
		}
		List<Column<Row>> columns = List.of(column("replicas", Row::replicas),
				column("session store", (row) -> row.store().text()),
				column("session traffic per replica (KiB/s)", Row::trafficPerReplica),
				column("bytes on the wire per request", Row::bytesPerRequest),
				column("sessions held per replica", Row::held),
				column("session memory per replica (KiB, est.)", Row::memoryKiB),
				column("whoami p99 (ms)", (row) -> row.sessions().map(Sessions::whoamiP99Millis)),
				column("requests", (row) -> row.stats().map(Stats::requests)),
				column("KO", (row) -> row.stats().map(Stats::ko)),
				column("sessions broken", (row) -> row.sessions().map(Sessions::broken)),
				column("Gatling report", (row) -> Traffic.report(lab, row.run())));
		return Table.of(name(), "What keeping sessions costs as replicas are added (" + lab.users() + " users, "
				+ lab.duration().toSeconds() + "s, whoami and cart writes)", columns, rows,
				"The same " + lab.users() + " users for every row, so total work is constant and what grows is the "
						+ "cost of keeping sessions. Session traffic: bytes in and out on the cluster channel "
						+ "(cluster rows; sent and received both count, every peer counted) or in and out of Redis "
						+ "(redis rows), per replica and second, over the whole Gatling run (logins included). Bytes "
						+ "on the wire per request: every byte once (cluster: what the replicas sent; redis: Redis "
						+ "in and out) over the requests of the run — independent of how fast the shared CPU let the "
						+ "run go. Sessions held: copies in each replica's memory (all-to-all: every session "
						+ "everywhere; primary-backup: owner plus one backup). Memory: sessions held × the average "
						+ "serialized size of a session — an estimate, not a heap measurement. whoami p99 from the "
						+ "simulation's own timings. All processes share one machine's "
						+ Runtime.getRuntime().availableProcessors() + " cores, so more replicas also means less CPU "
						+ "each.");
	}

	private static Row measure(Lab lab, Topology topology, int replicas, Store store) {
		boolean redis = store.store() == SessionStore.REDIS;
		List<Node> apps = topology.replicas();
		Instant started = Instant.now();
		double sentBefore = redis ? redisBytes(topology) : sum(apps, "session_cluster_sent_bytes_total");
		double bytesBefore = redis ? sentBefore : sentBefore + sum(apps, "session_cluster_received_bytes_total");
		GatlingResult run = Traffic.await(lab.gatling()
			.start("cluster-cost-" + replicas + "-" + store.text().replace('/', '-'), FailoverSimulation.class,
					topology.gateway().url(), Traffic.usersFor(lab)));
		double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
		double sentAfter = redis ? redisBytes(topology) : sum(apps, "session_cluster_sent_bytes_total");
		double bytesAfter = redis ? sentAfter : sentAfter + sum(apps, "session_cluster_received_bytes_total");
		Optional<Stats> stats = Traffic.stats(run);
		SessionCost cost = new SessionCost(new SessionCost.Counter(bytesBefore, bytesAfter),
				new SessionCost.Counter(sentBefore, sentAfter), seconds, replicas,
				stats.map(Stats::requests).orElse(0L));
		Cell held = new Cell.Text("0 (in Redis)");
		Cell memory = new Cell.Text("0 (in Redis)");
		if (!redis) {
			double sessions = sum(apps, "session_cluster_sessions");
			double size = sum(apps, "session_cluster_session_size_bytes");
			held = new Cell.Decimal(SessionCost.heldPerReplica(sessions, replicas), 1);
			memory = new Cell.Decimal(SessionCost.memoryPerReplicaKiB(sessions, size, replicas), 1);
		}
		Cell perRequest = cost.bytesPerRequest().isPresent()
				? new Cell.Decimal(cost.bytesPerRequest().getAsDouble(), 0) : Cell.MISSING;
		return new Row(replicas, store, new Cell.Decimal(cost.trafficPerReplicaKiB(), 1), perRequest, held, memory,
				run, stats, Sessions.of(run, "FailoverSimulation"));
	}

	/** Bytes Redis received and sent, in all (INFO stats). */
	private static double redisBytes(Topology topology) {
		String info = String.join("\n", Resp.command(topology.redis().primary().port(), "INFO", "stats"));
		double bytes = 0;
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("total_net_input_bytes:") || line.startsWith("total_net_output_bytes:")) {
				bytes += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return bytes;
	}

	/** A Prometheus counter or gauge summed over the replicas ({@code /actuator/prometheus}). */
	private static double sum(List<Node> replicas, String metric) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		double total = 0;
		for (Node replica : replicas) {
			try {
				String body = http.send(HttpRequest.newBuilder(URI.create(replica.url() + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString()).body();
				for (String line : body.split("\n")) {
					if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
						total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(replica.name() + " does not answer its metrics", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
		}
		return total;
	}

}
