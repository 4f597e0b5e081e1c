package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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

/**
 * Each balancing strategy around one bad replica, at a fixed arrival rate, side by side in
 * one run: app-3 slow, app-3 failing a fifth of its requests while its health checks
 * pass, and app-3 joining cold a third of the way in.
 */
final class LbExperiment implements Experiment {

	static final List<String> REPLICAS = List.of("app-1", "app-2", "app-3");

	/** An operator who knows app-3 is the small machine. */
	static final Map<String, Integer> WEIGHTS = Map.of("app-1", 3, "app-2", 3, "app-3", 1);

	/** After how long a GET is sent again elsewhere, in the hedging rows. */
	static final Duration HEDGE = Duration.ofMillis(50);

	/** What is wrong with app-3. */
	enum Scenario {

		SLOW("slow"), GRAY("gray"), COLD("cold");

		final String text;

		Scenario(String text) {
			this.text = text;
		}

	}

	/** A strategy, with or without hedging. */
	record Balancer(Strategy strategy, boolean hedging) {

		String text() {
			return Choices.text(this.strategy) + (this.hedging ? " + hedging" : "");
		}

		String options() {
			return "--lb " + Choices.text(this.strategy) + (this.hedging ? " --hedge " + HEDGE.toMillis() + "ms" : "");
		}

	}

	private record Row(Scenario scenario, Balancer balancer, GatlingResult run, Optional<Stats> stats,
			Map<String, Cell> shares) {
	}

	@Override
	public String name() {
		return "lb";
	}

	@Override
	public String summary() {
		return "round-robin vs least-requests vs p2c-ewma (with and without hedging), and weighted and consistent-hash,\n"
				+ "around app-3 slow by 100 ms, failing 20 % with 500s, and joining cold: p50/p99/p99.9, failed requests and\n"
				+ "each replica's share";
	}

	@Override
	public Table run(Lab lab) {
		String rate = lab.text("EXPERIMENT_RATE", "15");
		Duration delay = LocalSettings.duration(lab.text("EXPERIMENT_SLOW_DELAY", "100ms"), "EXPERIMENT_SLOW_DELAY");
		List<Balancer> common = List.of(new Balancer(Strategy.ROUND_ROBIN, false),
				new Balancer(Strategy.LEAST_REQUESTS, false), new Balancer(Strategy.P2C_EWMA, false),
				new Balancer(Strategy.P2C_EWMA, true));
		List<Row> rows = new ArrayList<>();
		for (Scenario scenario : Scenario.values()) {
			List<Balancer> balancers = new ArrayList<>(common);
			if (scenario == Scenario.SLOW) {
				balancers.add(1, new Balancer(Strategy.WEIGHTED, false));
				balancers.add(new Balancer(Strategy.CONSISTENT_HASH, false));
			}
			for (Balancer balancer : balancers) {
				rows.add(run(lab, scenario, balancer, delay, rate));
			}
		}
		List<Column<Row>> columns = new ArrayList<>(List.of(column("app-3", (row) -> row.scenario().text),
				column("strategy", (row) -> row.balancer().text()),
				column("requests", (row) -> row.stats().map(Stats::requests)),
				column("KO", (row) -> row.stats().map(Stats::ko)),
				column("p50 (ms)", (row) -> row.stats().map(Stats::p50)),
				column("p99 (ms)", (row) -> row.stats().map(Stats::p99)),
				column("p99.9 (ms)", (row) -> row.stats().map(Stats::p999))));
		for (String replica : REPLICAS) {
			columns.add(column(replica, (row) -> row.shares().get(replica)));
		}
		columns.add(column("Gatling report", (row) -> Traffic.report(lab, row.run())));
		return Table.of(name(), "Balancing around a bad replica, " + rate + " visitors/s × 10 requests for "
				+ lab.duration().toSeconds() + "s a row: app-3 slow (answers " + delay.toMillis()
				+ "ms late, app.chaos.latency), gray (answers 20 % of its requests 500 while its health checks pass, "
				+ "app.chaos.errors), cold (a new JVM, joins a third of the way in)", columns, rows,
				"Shares: requests the gateway sent to each replica during the run, retries and hedges included (the "
						+ "requests counters of GET /gateway/instances, read through the typed client before and "
						+ "after). weighted uses app-1=3, app-2=3, app-3=1 (an operator who knows app-3 is the small "
						+ "machine); consistent-hash keys on a per-visitor cookie, so it cannot steer away from "
						+ "slowness. Hedging: a GET not answered in " + HEDGE.toMillis()
						+ " ms goes again to another replica, within the retry budget. Slow start (10 s) is on in "
						+ "every row, as by default.");
	}

	private static Row run(Lab lab, Scenario scenario, Balancer balancer, Duration delay, String rate) {
		String options = balancer.options() + switch (scenario) {
			case SLOW -> " --slow app-3=" + delay.toMillis() + "ms --weights app-1=3,app-2=3,app-3=1";
			case GRAY -> " --errors app-3=20%";
			case COLD -> " --replicas 2";
		};
		Topology topology = lab.up(options, (settings) -> {
			settings.lb(balancer.strategy())
				.hedge(balancer.hedging() ? Optional.of(HEDGE) : Optional.empty())
				.hashKey(HashSource.COOKIE, "client");
			return switch (scenario) {
				case SLOW -> settings.slow(Optional.of(new LocalSettings.Slow("app-3", delay))).weights(WEIGHTS);
				case GRAY -> settings.errors(Optional.of(new LocalSettings.Errors("app-3", 20)));
				case COLD -> settings.replicas(2);
			};
		});
		Map<String, Long> before = requests(topology);
		CompletableFuture<GatlingResult> traffic = lab.gatling()
			.start("lb-" + scenario.text + "-" + balancer.text().replace(" + ", "-"), ThroughputSimulation.class,
					topology.gateway().url(),
					Map.of("rate", rate, "durationSeconds", String.valueOf(lab.duration().toSeconds())));
		if (scenario == Scenario.COLD) {
			sleep(lab.duration().dividedBy(3));
			lab.log("app-3 joins");
			lab.local().scale(3, lab::log);
			topology = lab.local().topology();
		}
		GatlingResult run = Traffic.await(traffic);
		return new Row(scenario, balancer, run, Traffic.stats(run), shares(before, requests(topology)));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
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
