package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.scaleout.loadtests.FailoverSimulation;
import dev.scaleout.loadtests.experiments.GatlingResult.Stats;
import dev.scaleout.loadtests.experiments.SimulationFigures.Sessions;
import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Gateway;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.Strategy;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * Where sessions live, and a replica killed: every session store under the same logged-in
 * traffic, app-2 SIGKILLed 15 s after the first request and started again at 30 s.
 */
final class SessionsExperiment implements Experiment {

	static final Duration KILL = Duration.ofSeconds(15);

	static final Duration RESTART = Duration.ofSeconds(30);

	private record Config(SessionStore store, Replication replication, Strategy lb) {

		String storeText() {
			return (this.store == SessionStore.CLUSTER) ? "cluster/" + Choices.text(this.replication)
					: Choices.text(this.store);
		}

	}

	private record Row(Config config, int users, GatlingResult run, Optional<Stats> stats,
			Optional<Sessions> sessions) {
	}

	private static final List<Config> CONFIGS = List.of(
			new Config(SessionStore.MEMORY, Replication.ALL_TO_ALL, Strategy.ROUND_ROBIN),
			new Config(SessionStore.MEMORY, Replication.ALL_TO_ALL, Strategy.STICKY),
			new Config(SessionStore.REDIS, Replication.ALL_TO_ALL, Strategy.ROUND_ROBIN),
			new Config(SessionStore.JWT, Replication.ALL_TO_ALL, Strategy.ROUND_ROBIN),
			new Config(SessionStore.CLUSTER, Replication.ALL_TO_ALL, Strategy.ROUND_ROBIN),
			new Config(SessionStore.CLUSTER, Replication.PRIMARY_BACKUP, Strategy.ROUND_ROBIN));

	@Override
	public String name() {
		return "sessions";
	}

	@Override
	public String summary() {
		return "memory + round-robin, memory + sticky, redis, jwt, cluster (all-to-all, primary-backup); app-2 killed\n"
				+ "15 s after the first request, back at 30 s: requests, KO, sessions broken, sessions lost";
	}

	@Override
	public Table run(Lab lab) {
		List<Row> rows = new ArrayList<>();
		for (Config config : CONFIGS) {
			Topology topology = lab.up("--session " + config.storeText() + " --lb " + Choices.text(config.lb()),
					(settings) -> settings.session(config.store())
						.replication(config.replication())
						.lb(config.lb()));
			GatlingResult run = killedAndRestarted(lab, topology,
					"sessions-" + config.storeText().replace('/', '-') + "-" + Choices.text(config.lb()));
			rows.add(new Row(config, lab.users(), run, Traffic.stats(run),
					Sessions.of(run, "FailoverSimulation")));
		}
		List<Column<Row>> columns = List.of(column("session store", (row) -> row.config().storeText()),
				column("lb", (row) -> Choices.text(row.config().lb())),
				column("requests", (row) -> row.stats().map(Stats::requests)),
				column("KO", (row) -> row.stats().map(Stats::ko)),
				column("sessions broken", (row) -> row.sessions().map(Sessions::broken)),
				column("sessions lost", (row) -> row.sessions().map(Sessions::lost)),
				column("requests repeated", (row) -> row.sessions().map(Sessions::repeated)),
				column("users", Row::users), column("Gatling report", (row) -> Traffic.report(lab, row.run())));
		return Table.of(name(),
				"Sessions: where they live, and a replica killed (app-2 SIGKILL 15 s after the first request, back at 30 s)",
				columns, rows,
				"cluster: Tomcat's session clustering (DeltaManager all-to-all, BackupManager primary-backup), "
						+ "replication acknowledged before each request ends. Broken: the session showed older state "
						+ "than its user had seen — a visits counter that did not go up, a cart missing an item (the "
						+ "replica had a stale copy, or none); lost: the user became anonymous. Each session counted "
						+ "once. Repeated: a whoami whose counter jumped ahead, because a request took effect on the "
						+ "dying replica and was answered again elsewhere (a GET the gateway repeated). KO: requests "
						+ "that failed. The kill and the restart are timed from the first request the gateway routed "
						+ "(its own counters).");
	}

	/**
	 * {@code FailoverSimulation} for the experiment's duration, app-2 SIGKILLed at 15 s
	 * and started again at 30 s, both counted from the first request.
	 */
	static GatlingResult killedAndRestarted(Lab lab, Topology topology, String name) {
		Gateway gateway = topology.gateway();
		Node victim = topology.replica("app-2");
		long before = TrafficClock.routed(gateway);
		CompletableFuture<GatlingResult> run = lab.gatling()
			.start(name, FailoverSimulation.class, gateway.url(), Traffic.usersFor(lab));
		Instant first = TrafficClock.awaitFirstRequest(gateway, before, run);
		TrafficClock.sleepUntil(first.plus(KILL));
		victim.kill();
		lab.log("app-2 SIGKILLed " + Duration.between(first, Instant.now()).toMillis() + " ms after the first request");
		TrafficClock.sleepUntil(first.plus(RESTART));
		victim.start().awaitReady(Topology.START);
		lab.log("app-2 ready again");
		return Traffic.await(run);
	}

}
