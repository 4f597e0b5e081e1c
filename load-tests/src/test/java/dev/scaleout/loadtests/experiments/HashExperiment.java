package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Gateway;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.HashSource;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.Strategy;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * Clients identified by a cookie ({@code client=cN}): which replica serves each, before
 * and after app-3 dies, with consistent and with modular hashing.
 */
final class HashExperiment implements Experiment {

	private record Row(Strategy strategy, int clients, long onDeadBefore, long moved) {

		Cell share() {
			return new Cell.Percent(100.0 * this.moved / this.clients, 1);
		}

	}

	@Override
	public String name() {
		return "hash";
	}

	@Override
	public String summary() {
		return "consistent vs modular hashing over 5 replicas: clients that change replica when one dies";
	}

	@Override
	public Table run(Lab lab) {
		int clients = lab.number("EXPERIMENT_CLIENTS", 300);
		List<Row> rows = new ArrayList<>();
		for (Strategy strategy : List.of(Strategy.CONSISTENT_HASH, Strategy.MODULAR_HASH)) {
			Topology topology = lab.up("--replicas 5 --lb " + Choices.text(strategy),
					(settings) -> settings.replicas(5).lb(strategy).hashKey(HashSource.COOKIE, "client"));
			Map<String, String> before = placements(topology.gateway(), clients);
			topology.replica("app-3").kill();
			awaitTakenOut(topology.gateway(), "app-3");
			Map<String, String> after = placements(topology.gateway(), clients);
			long onDead = before.values().stream().filter("app-3"::equals).count();
			long moved = before.keySet().stream().filter((client) -> !before.get(client).equals(after.get(client))).count();
			rows.add(new Row(strategy, clients, onDead, moved));
		}
		List<Column<Row>> columns = List.of(column("strategy", (row) -> Choices.text(row.strategy())),
				column("clients", Row::clients), column("clients on app-3 before", Row::onDeadBefore),
				column("clients that changed replica", Row::moved), column("share moved", Row::share),
				column("ideal", (row) -> "only app-3's clients (about 20 %)"));
		return Table.of(name(), "Hashing over 5 replicas: " + clients + " clients, app-3 killed", columns, rows,
				"Consistent hashing (a ring with 160 virtual nodes per replica) moves only the dead replica's "
						+ "clients; hash mod N moves about (N-1)/N of everyone. The placements after the kill are "
						+ "taken once the gateway's own view shows app-3 out of the pool.");
	}

	/** Which replica answers each client ({@code X-Instance}). */
	private static Map<String, String> placements(Gateway gateway, int clients) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		Map<String, String> placements = new LinkedHashMap<>();
		for (int i = 1; i <= clients; i++) {
			String client = "c" + i;
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/ping"))
					.header("Cookie", "client=" + client)
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding());
				placements.put(client, response.headers().firstValue("X-Instance").orElse("(none)"));
			}
			catch (IOException ex) {
				placements.put(client, "(failed)");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
		}
		return placements;
	}

	/** Until the gateway's own view no longer counts the replica healthy (at most 10 s). */
	private static void awaitTakenOut(Gateway gateway, String replica) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (gateway.instances().instance(Pool.APP, replica).map((view) -> view.isHealthy()).orElse(false)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the gateway still counts " + replica + " healthy after 10 s");
			}
			TrafficClock.sleep(Duration.ofMillis(50));
		}
	}

}
