package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.scaleout.loadtests.ThroughputSimulation;
import dev.scaleout.loadtests.experiments.GatlingResult.Stats;
import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.local.LocalSettings;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.HashSource;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.Strategy;

import static dev.scaleout.loadtests.experiments.Table.column;

/** Each balancing strategy around one slow replica, at a fixed arrival rate. */
final class LbExperiment implements Experiment {

	static final List<String> REPLICAS = List.of("app-1", "app-2", "app-3");

	/** An operator who knows app-3 is the small machine. */
	static final Map<String, Integer> WEIGHTS = Map.of("app-1", 3, "app-2", 3, "app-3", 1);

	private record Row(Strategy strategy, GatlingResult run, Optional<Stats> stats, Map<String, Cell> shares) {
	}

	@Override
	public String name() {
		return "lb";
	}

	@Override
	public String summary() {
		return "round-robin vs weighted vs least-requests vs p2c-ewma vs consistent-hash with app-3 slowed by 100 ms:\n"
				+ "p50/p99 and each replica's share of the traffic";
	}

	@Override
	public Table run(Lab lab) {
		String rate = lab.text("EXPERIMENT_RATE", "15");
		Duration delay = LocalSettings.duration(lab.text("EXPERIMENT_SLOW_DELAY", "100ms"), "EXPERIMENT_SLOW_DELAY");
		List<Row> rows = new ArrayList<>();
		for (Strategy strategy : List.of(Strategy.ROUND_ROBIN, Strategy.WEIGHTED, Strategy.LEAST_REQUESTS,
				Strategy.P2C_EWMA, Strategy.CONSISTENT_HASH)) {
			Topology topology = lab.up(
					"--lb " + Choices.text(strategy) + " --slow app-3=" + delay.toMillis()
							+ "ms --weights app-1=3,app-2=3,app-3=1",
					(settings) -> settings.lb(strategy)
						.slow(Optional.of(new LocalSettings.Slow("app-3", delay)))
						.weights(WEIGHTS)
						.hashKey(HashSource.COOKIE, "client"));
			Map<String, Long> before = requests(topology);
			GatlingResult run = Traffic.await(lab.gatling()
				.start("lb-" + Choices.text(strategy), ThroughputSimulation.class, topology.gateway().url(),
						Map.of("rate", rate, "durationSeconds", String.valueOf(lab.duration().toSeconds()))));
			rows.add(new Row(strategy, run, Traffic.stats(run), shares(before, requests(topology))));
		}
		List<Column<Row>> columns = new ArrayList<>(List.of(column("strategy", (row) -> Choices.text(row.strategy())),
				column("requests", (row) -> row.stats().map(Stats::requests)),
				column("KO", (row) -> row.stats().map(Stats::ko)),
				column("p50 (ms)", (row) -> row.stats().map(Stats::p50)),
				column("p99 (ms)", (row) -> row.stats().map(Stats::p99))));
		for (String replica : REPLICAS) {
			columns.add(column(replica, (row) -> row.shares().get(replica)));
		}
		columns.add(column("Gatling report", (row) -> Traffic.report(lab, row.run())));
		return Table.of(name(), "Balancing around a slow replica: app-3 answers " + delay.toMillis()
				+ "ms late (app.chaos.latency), " + rate + " visitors/s × 10 requests for " + lab.duration().toSeconds()
				+ "s", columns, rows,
				"Shares: requests the gateway sent to each replica during the run (the requests counters of "
						+ "GET /gateway/instances, read through the typed client before and after). weighted uses "
						+ "app-1=3, app-2=3, app-3=1 (an operator who knows app-3 is the small machine); "
						+ "consistent-hash keys on a per-visitor cookie, so it cannot steer away from slowness.");
	}

	/** The gateway's request counter of each replica of pool app. */
	static Map<String, Long> requests(Topology topology) {
		Map<String, Long> requests = new LinkedHashMap<>();
		for (InstanceView instance : topology.gateway().instances().pool(Pool.APP).instances()) {
			requests.put(instance.id(), instance.requests());
		}
		return requests;
	}

	/** Each replica's part of the requests between two readings. */
	static Map<String, Cell> shares(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> sent = new LinkedHashMap<>();
		for (String replica : REPLICAS) {
			sent.put(replica, after.getOrDefault(replica, 0L) - before.getOrDefault(replica, 0L));
		}
		long total = sent.values().stream().mapToLong(Long::longValue).sum();
		Map<String, Cell> shares = new LinkedHashMap<>();
		sent.forEach((replica, count) -> shares.put(replica,
				new Cell.Percent((total > 0) ? 100.0 * count / total : 0, 0)));
		return shares;
	}

}
