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
import dev.scaleout.topology.process.Signal;
import dev.scaleout.topology.settings.SessionStore;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * A replica stopped under load, by SIGKILL and by SIGTERM: what the users see, and how
 * long the gateway goes on routing to it, read from the gateway's own view.
 */
final class FailoverExperiment implements Experiment {

	private record Row(Signal signal, GatlingResult run, Optional<Stats> stats, Optional<Sessions> sessions,
			Departure departure) {

		String label() {
			return "SIG" + this.signal;
		}

	}

	@Override
	public String name() {
		return "failover";
	}

	@Override
	public String summary() {
		return "redis sessions; SIGKILL vs SIGTERM of app-2 15 s after the first request (back at 30 s): KO, when\n"
				+ "the gateway takes it out and sends it its last request (its own view), p99";
	}

	@Override
	public Table run(Lab lab) {
		Topology topology = lab.up("--session redis", (settings) -> settings.session(SessionStore.REDIS));
		List<Row> rows = new ArrayList<>();
		for (Signal signal : List.of(Signal.KILL, Signal.TERM)) {
			Gateway gateway = topology.gateway();
			Node victim = topology.replica("app-2");
			long before = TrafficClock.routed(gateway);
			CompletableFuture<GatlingResult> run = lab.gatling()
				.start("failover-" + signal.name().toLowerCase(), FailoverSimulation.class, gateway.url(),
						Traffic.usersFor(lab));
			Instant first = TrafficClock.awaitFirstRequest(gateway, before, run);
			TrafficClock.sleepUntil(first.plus(SessionsExperiment.KILL));
			Departure departure = Departure.watch(gateway, victim, signal, first.plus(SessionsExperiment.RESTART));
			lab.log("SIG" + signal + " of app-2: " + departure);
			victim.awaitExit(Duration.ofSeconds(30));
			victim.start().awaitReady(Topology.START);
			GatlingResult result = Traffic.await(run);
			rows.add(new Row(signal, result, Traffic.stats(result), Sessions.of(result, "FailoverSimulation"),
					departure));
			// Everything up and admitted again before the next signal.
			topology.start();
		}
		List<Column<Row>> columns = List.of(column("signal", Row::label),
				column("requests", (row) -> row.stats().map(Stats::requests)),
				column("KO", (row) -> row.stats().map(Stats::ko)),
				column("sessions broken", (row) -> row.sessions().map(Sessions::broken)),
				column("requests repeated", (row) -> row.sessions().map(Sessions::repeated)),
				column("requests the gateway sent app-2 after the signal", (row) -> row.departure().routedAfter()),
				column("gateway takes it out after (ms)", (row) -> row.departure().takenOut()),
				column("gateway sends it its last request after (ms)", (row) -> row.departure().lastRoutedCell()),
				column("p99 (ms)", (row) -> row.stats().map(Stats::p99)),
				column("Gatling report", (row) -> Traffic.report(lab, row.run())));
		return Table.of(name(), "Failover under load (redis sessions, round-robin, " + lab.users()
				+ " users): app-2 stopped 15 s after the first request, back at 30 s", columns, rows, NOTE);
	}

	static final String NOTE = "Both times are read from the gateway's own view of app-2 (GET /gateway/instances, "
			+ "through the topology's typed client, every 25 ms from just before the signal until the restart). "
			+ "Takes it out: from the signal until the gateway's lastStateChange of app-2 leaving healthy (ejected "
			+ "or unhealthy), the moment its balancer stops choosing it. Last request: the gateway's requests "
			+ "counter of app-2 grew for the last time between these two readings after the signal (0-25 means "
			+ "it never grew after the signal): the last time the balancer chose app-2, a retry elsewhere "
			+ "included. Sent after the signal: how much that counter grew. SIGKILL: requests in flight on app-2 "
			+ "are cut off; those harmless to repeat (GET, PUT, a keyed checkout; small bodies are kept for it) are "
			+ "sent again to another replica, a refused connection fails over and ejects the instance at once. "
			+ "SIGTERM: readiness goes down first, the gateway's health checks (every 1 s, 2 failures) take the "
			+ "replica out while it still answers within its drain delay (3 s), then in-flight requests finish. "
			+ "A POST without an Idempotency-Key (a login) cut off by SIGKILL is never repeated: it is a KO. p99 "
			+ "is over the whole run. The signal and the restart are timed from the first request the gateway "
			+ "routed. Runs up to 2026-12-01 published 150 ms (SIGKILL) and 305 ms (SIGTERM) as \"gateway stops "
			+ "routing to it after\": that figure was wrong. The bash runner grepped /gateway/instances for "
			+ "\"id\",\"url\",\"state\" in a row, a shape the API never had (\"version\" sits between \"url\" and "
			+ "\"state\"), so its wait ended after one curl round trip and measured nothing.";

}
