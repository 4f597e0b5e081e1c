package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.scaleout.loadtests.SessionFlood;
import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.SessionStore;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * The source documents' stateless argument as a number: per session store, a flood of
 * cookie-less requests before and after the defences against anonymous sessions (the
 * cookie check, short-lived anonymous sessions), what it left in the store, what was
 * refused, and whether the logged-in users browsing meanwhile lost anything
 * ({@link SessionFlood}). The store is read on each replica directly
 * ({@code GET /api/session-store}), not through the gateway.
 */
final class SessionFloodExperiment implements Experiment {

	private static final List<SessionStore> STORES = List.of(SessionStore.REDIS, SessionStore.JWT,
			SessionStore.CLUSTER);

	/** What the store held at one moment: the largest of the replicas' readings. */
	private record Reading(Long sessions, long memoryBytes, String memoryOf) {
	}

	private record Row(SessionStore store, boolean defences, SessionFlood.Result result, Long sessionsCreated,
			long memoryGrowth, String memoryOf) {
	}

	@Override
	public String name() {
		return "session-flood";
	}

	@Override
	public String summary() {
		return "per session store, cookie-less requests from a bot before and after the defences against anonymous\n"
				+ "sessions: sessions created, store memory, requests refused, logged-in users who lost anything";
	}

	@Override
	public Table run(Lab lab) {
		int requests = lab.number("EXPERIMENT_FLOOD_REQUESTS", 5000);
		int connections = lab.number("EXPERIMENT_FLOOD_CONNECTIONS", 16);
		int users = lab.number("EXPERIMENT_FLOOD_USERS", 4);
		List<Row> rows = new ArrayList<>();
		int firstUser = 1;
		for (SessionStore store : STORES) {
			Topology topology = null;
			for (boolean defences : List.of(false, true)) {
				String description = "--replicas 2 --canary off --session " + Choices.text(store)
						+ ", SCALEOUT_ANONYMOUS_DEFENCES=" + defences;
				if (topology == null) {
					topology = lab.up(description, (settings) -> settings.replicas(2)
						.canary(false)
						.session(store)
						.anonymousDefences(defences));
				}
				else {
					topology = lab.restartReplicas(description, (settings) -> settings.anonymousDefences(defences));
				}
				Reading before = read(topology);
				lab.log("flood: " + requests + " cookie-less whoamis on " + connections + " connections, " + users
						+ " users browsing");
				SessionFlood.Result result = SessionFlood.run(SessionFlood.Settings.of(topology.gateway().url())
					.withFlood(requests, connections)
					.withUsers(users, firstUser));
				firstUser += users;
				Reading after = read(topology);
				lab.log("  " + result);
				Long created = (after.sessions() != null && before.sessions() != null)
						? after.sessions() - before.sessions() : null;
				rows.add(new Row(store, defences, result, created, after.memoryBytes() - before.memoryBytes(),
						after.memoryOf()));
			}
		}
		List<Column<Row>> columns = List.of(column("session store", (row) -> Choices.text(row.store())),
				column("defences", (row) -> row.defences() ? "on" : "off"),
				column("cookie-less requests", (row) -> row.result().sent()),
				column("per second", (row) -> row.result().rate()),
				column("answered 200", (row) -> row.result().answered200()),
				column("refused (429/503)", (row) -> row.result().refused()),
				column("failed", (row) -> row.result().failed()),
				column("sessions created",
						(row) -> (row.sessionsCreated() != null) ? row.sessionsCreated() : "0 (in cookies)"),
				column("store memory growth (KiB)", (row) -> row.memoryGrowth() / 1024),
				column("memory of", Row::memoryOf),
				column("users browsing", (row) -> row.result().usersBrowsing()),
				column("users who lost something", (row) -> row.result().usersWhoLostSomething()),
				column("user requests failed", (row) -> row.result().userFailures()));
		return Table.of(name(),
				"Anonymous traffic and the session store: " + requests + " cookie-less GET /api/whoami on "
						+ connections + " connections through the gateway, " + users + " logged-in users browsing "
						+ "(2 replicas)",
				columns, rows,
				"Defences off: SCALEOUT_ANONYMOUS_DEFENCES=false, every cookie-less request creates a session that "
						+ "lives the full idle timeout (30 min), as before. On: the cookie check (a session only for "
						+ "a client that returned the check cookie) and anonymous sessions living 5 min. Sessions "
						+ "created: the store's count after the flood less before it (redis: keys in Redis; "
						+ "cluster: sessions held by a replica, every replica holds all of them). Memory growth: "
						+ "Redis used_memory (redis, jwt: the deny-list's Redis) or a replica's heap used (cluster: "
						+ "noisy, garbage collection moves it by megabytes either way). The users log in, then "
						+ "until the flood ends call whoami (its count must rise by one each time, for the same "
						+ "user) and add to their carts; lost: logged out, a count skipped, or an acknowledged cart "
						+ "quantity missing at the end. Redis runs with maxmemory 256 MB, volatile-ttl, which no "
						+ "row comes near.");
	}

	private static Reading read(Topology topology) {
		// Readings are shared for two seconds on a replica: wait past the last one.
		TrafficClock.sleep(Duration.ofMillis(2100));
		Long sessions = null;
		long memory = 0;
		String memoryOf = "?";
		for (Node replica : topology.replicas()) {
			SessionFlood.StoreReading usage = SessionFlood.StoreReading.of(replica.url());
			if (usage.sessions().isPresent()) {
				sessions = Math.max((sessions != null) ? sessions : 0, usage.sessions().getAsLong());
			}
			memory = Math.max(memory, usage.memoryUsedBytes());
			memoryOf = usage.memoryOf();
		}
		return new Reading(sessions, memory, memoryOf);
	}

}
