package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * The session store's primary SIGKILLed under logged-in traffic, with Sentinels to
 * promote the replica.
 */
final class StoreFailoverExperiment implements Experiment {

	private record Row(GatlingResult run, Optional<Stats> stats, Optional<Sessions> sessions,
			Optional<Duration> writesAgain) {
	}

	@Override
	public String name() {
		return "store-failover";
	}

	@Override
	public String summary() {
		return "./scaleout up --ha (Redis primary + replica, three Sentinels); the primary SIGKILLed\n"
				+ "under logged-in session traffic: requests, KO, sessions lost, seconds until writes succeed";
	}

	@Override
	public Table run(Lab lab) {
		Topology topology = lab.up("--ha", (settings) -> settings.ha(true));
		Gateway gateway = topology.gateway();
		long before = TrafficClock.routed(gateway);
		CompletableFuture<GatlingResult> run = lab.gatling()
			.start("store-failover", FailoverSimulation.class, gateway.url(), Traffic.usersFor(lab));
		// Each user logs in with 3 requests: counted from the traffic, the kill meets steady
		// logged-in traffic.
		TrafficClock.awaitRouted(gateway, before + 3L * lab.users(), run, Duration.ofMinutes(2));
		TrafficClock.sleep(Duration.ofSeconds(5));
		Node primary = topology.redis().primary();
		Instant killed = primary.signal(Signal.KILL);
		lab.log("SIGKILL of the primary " + primary.name());
		Optional<Duration> writesAgain = untilASessionIsWritten(gateway, killed);
		GatlingResult result = Traffic.await(run);
		Row row = new Row(result, Traffic.stats(result), Sessions.of(result, "FailoverSimulation"), writesAgain);
		List<Column<Row>> columns = List.of(column("killed", (r) -> "primary"),
				column("requests", (r) -> r.stats().map(Stats::requests)),
				column("KO", (r) -> r.stats().map(Stats::ko)),
				column("sessions lost", (r) -> r.sessions().map(Sessions::broken)),
				column("sessions gone anonymous", (r) -> r.sessions().map(Sessions::lost)),
				column("writes succeed again after (s)",
						(r) -> r.writesAgain().map((took) -> new Cell.Decimal(took.toMillis() / 1000.0, 2))),
				column("slowest KO (ms)", (r) -> r.stats().map(Stats::slowestKo)),
				column("p99 (ms)", (r) -> r.stats().map(Stats::p99)),
				column("Gatling report", (r) -> Traffic.report(lab, r.run())));
		return Table.of(name(), "Session store failover: Redis primary SIGKILLed under " + lab.users()
				+ " logged-in users (3 replicas, primary + replica + 3 Sentinels, down-after 1 s)", columns,
				List.of(row),
				"Sessions lost: users whose session went back (a visits counter that did not go up, a cart missing "
						+ "an item) — a write the primary acknowledged but had not yet sent to the replica when it "
						+ "died; gone anonymous: the whole session missing. KO: requests answered 503 (problem "
						+ "details, at once: Lettuce rejects commands while it reconnects) between the kill and the "
						+ "promotion. Writes succeed again: from the kill until a new session is saved (an anonymous "
						+ "whoami every 50 ms, 2 s timeout), i.e. the Sentinels' down-after (1 s), their vote, the "
						+ "promotion and Lettuce's reconnect to the address the Sentinels now name (attempts at most "
						+ "1 s apart). The kill comes 5 s after every user has logged in, counted from the requests "
						+ "the gateway routed. No replica or gateway was restarted.");
	}

	/** From the kill until an anonymous whoami (which writes a session) answers 200. */
	private static Optional<Duration> untilASessionIsWritten(Gateway gateway, Instant killed) {
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.connectTimeout(Duration.ofSeconds(1))
			.build();
		HttpRequest whoami = HttpRequest.newBuilder(URI.create(gateway.url() + "/api/whoami"))
			.timeout(Duration.ofSeconds(2))
			.build();
		Instant deadline = killed.plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			try {
				if (http.send(whoami, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return Optional.of(Duration.between(killed, Instant.now()));
				}
			}
			catch (IOException ex) {
				// Not yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
			TrafficClock.sleep(Duration.ofMillis(50));
		}
		return Optional.empty();
	}

}
