package dev.scaleout.loadtests.experiments;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.scaleout.loadtests.BrowsingUsers;
import dev.scaleout.loadtests.experiments.OpenLoad.Phase;
import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.autoscale.ScalingPolicy;
import dev.scaleout.topology.local.LocalSettings.Capacity;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * Scale-out that moves: one ramp of open-loop load (up, hold, down) against a fixed fleet
 * of two replicas and against {@code --autoscale 2..6}, side by side, with a replica
 * SIGKILLed during the hold. Each replica has a finite throughput ({@code --capacity
 * 8@100ms}: 80 requests a second), so the hold needs more than two; the cores of this
 * machine are not what runs out. Figures: {@link RampRun}; picture: {@link RampChart}.
 */
final class AutoscaleExperiment implements Experiment {

	static final Capacity CAPACITY = new Capacity(8, Duration.ofMillis(100));

	static final ScalingPolicy POLICY = ScalingPolicy.parse("2..6");

	static final String VICTIM = "app-2";

	/** A visitor gives up after this: a failed request. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	static final Duration KILL_INTO_HOLD = Duration.ofSeconds(20);

	/** The same arrivals for both fleets. */
	static final long SEED = 17;

	@Override
	public String name() {
		return "autoscale";
	}

	@Override
	public String summary() {
		return "a ramp of open-loop load (up, hold, down) on 2 fixed replicas and on --autoscale 2..6 (each replica\n"
				+ "80 requests/s), app-2 SIGKILLed in the hold: replicas over time, p99 per phase, failed requests,\n"
				+ "time to scale out and in, time until replaced; a chart (autoscale.svg)";
	}

	static List<Phase> phases(double low, double high) {
		return List.of(new Phase("warm", Duration.ofSeconds(10), low, low),
				new Phase(RampRun.UP, Duration.ofSeconds(30), low, high),
				new Phase(RampRun.HOLD, Duration.ofSeconds(60), high, high),
				new Phase(RampRun.DOWN, Duration.ofSeconds(10), high, low),
				new Phase("after", Duration.ofSeconds(50), low, low));
	}

	@Override
	public Table run(Lab lab) {
		int high = lab.number("EXPERIMENT_AUTOSCALE_RATE", 200);
		int low = lab.number("EXPERIMENT_AUTOSCALE_LOW_RATE", 20);
		int users = lab.number("EXPERIMENT_AUTOSCALE_USERS", 4);
		List<Phase> phases = phases(low, high);
		List<RampRun> runs = new ArrayList<>();
		int firstUser = 1;
		for (Optional<ScalingPolicy> autoscale : List.of(Optional.<ScalingPolicy>empty(), Optional.of(POLICY))) {
			String label = autoscale.map((policy) -> "--autoscale " + policy.range()).orElse("2 fixed replicas");
			Topology topology = lab.up(
					"--replicas 2 --canary off --capacity " + CAPACITY
							+ autoscale.map((policy) -> " --autoscale " + policy.range()).orElse(""),
					(settings) -> settings.replicas(2)
						.canary(false)
						.capacity(Optional.of(CAPACITY))
						.autoscale(autoscale));
			if (autoscale.isPresent()) {
				lab.local().startAutoscaler(lab::log);
			}
			runs.add(ramp(lab, topology, label, phases, users, firstUser));
			firstUser += users;
		}
		Table.Chart chart = new Table.Chart(name() + ".svg",
				"Replicas the gateway routed to and p99 of every 2 s, for both fleets, over the ramp",
				RampChart.svg("Replicas and p99 under a ramp of " + low + " → " + high + " requests/s", runs));
		List<Column<RampRun>> columns = new ArrayList<>();
		columns.add(column("fleet", RampRun::label));
		columns.add(column("requests", RampRun::requests));
		columns.add(column("failed", RampRun::failed));
		for (Phase phase : phases) {
			columns.add(column("p99 " + phase.name() + " (ms)", (run) -> run.p99(phase.name())));
		}
		columns.add(column("most replicas", (run) -> (long) run.peak()));
		columns.add(column("first replica added after (s)", (run) -> seconds(run.firstScaleOut())));
		columns.add(column("most replicas after (s)", (run) -> seconds(run.peakReached())));
		columns.add(column("back to 2 after (s)", (run) -> seconds(run.scaleIn())));
		columns.add(column(VICTIM + " serving again after (s)", (run) -> seconds(run.replaced())));
		columns.add(column("user requests", (run) -> run.users().requests()));
		columns.add(column("user requests failed", (run) -> run.users().failures()));
		columns.add(column("users who lost something", (run) -> run.users().usersWhoLostSomething()));
		return Table.of(name(),
				"Autoscaling under a ramp of load: " + low + " → " + high + " → " + low
						+ " requests/s of GET /api/ping, 2 fixed replicas against --autoscale " + POLICY.range()
						+ ", each replica " + CAPACITY + " (" + Math.round(CAPACITY.perSecond()) + "/s), " + VICTIM
						+ " SIGKILLed " + KILL_INTO_HOLD.toSeconds() + " s into the hold",
				columns, runs, NOTE)
			.withChart(chart);
	}

	private static RampRun ramp(Lab lab, Topology topology, String label, List<Phase> phases, int users,
			int firstUser) {
		URI gateway = URI.create(topology.gateway().url());
		Node victim = topology.replica(VICTIM);
		OpenLoad load = new OpenLoad(gateway.resolve("/api/ping"), TIMEOUT);
		try (BrowsingUsers browsing = BrowsingUsers.start(gateway, users, firstUser)) {
			long start = System.nanoTime();
			long killAt = phases.stream()
				.takeWhile((phase) -> !phase.name().equals(RampRun.HOLD))
				.mapToLong((phase) -> phase.length().toMillis())
				.sum() + KILL_INTO_HOLD.toMillis();
			AtomicLong killedAt = new AtomicLong(-1);
			Thread killer = new Thread(() -> {
				TrafficClock.sleep(Duration
					.ofMillis(Math.max(0, killAt - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))));
				victim.kill();
				killedAt.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
				lab.log("SIGKILL of " + VICTIM);
			}, "killer");
			killer.setDaemon(true);
			try (FleetWatch fleet = FleetWatch.start(topology.gateway(), start)) {
				lab.log(label + ": "
						+ phases.stream()
							.map((phase) -> phase.name() + " " + phase.length().toSeconds() + " s")
							.reduce((a, b) -> a + ", " + b)
							.orElse("")
						+ "; " + users + " users browsing");
				killer.start();
				OpenLoad.Recording recording = load.run(phases, start, SEED);
				killer.join();
				BrowsingUsers.Outcome outcome = browsing.stop();
				RampRun run = new RampRun(label, 2, recording, fleet.samples(), VICTIM, killedAt.get(), outcome);
				lab.log("  " + run.requests() + " requests, " + run.failed() + " failed, most replicas " + run.peak()
						+ ", users: " + outcome.failures() + " of " + outcome.requests() + " requests failed");
				outcome.losses().forEach((loss) -> lab.log("  lost: " + loss));
				return run;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** Seconds with one decimal; missing when it never happened. */
	private static Object seconds(OptionalLong millis) {
		return millis.isPresent() ? new Cell.Decimal(millis.getAsLong() / 1000.0, 1) : Cell.MISSING;
	}

	static final String NOTE = "The chart below: replicas above, p99 of every 2 s below. The load is open: "
			+ "requests arrive as a Poisson process at the phase's rate (the same arrivals for both fleets) "
			+ "whether or not earlier ones were answered, and each is timed from when it was due, so a queue "
			+ "shows as latency, not as fewer requests. Each replica works on 8 /api requests at once, 100 ms "
			+ "each (app.chaos.capacity and latency: 80 requests/s a replica, the rest wait in turn), so the "
			+ "hold needs more than two; what runs out is the replicas' capacity, not this machine's two cores. "
			+ "Failed: not 2xx, or no answer within " + TIMEOUT.toSeconds() + " s (the visitor gives up); "
			+ "p99 counts a failed request with the time it took to fail. Replicas: those the gateway routed to "
			+ "(healthy, not draining), read from GET /gateway/instances every 500 ms. First added / most "
			+ "replicas after: from the start of the ramp up. Back to 2 after: from the end of the hold until "
			+ "the gateway routed to two for good. " + VICTIM + " serving again after: from the SIGKILL until "
			+ "the gateway routed to a replica of that name again (a fixed fleet has nobody to start it). The "
			+ "autoscaler is the one of ./scaleout up --autoscale (" + POLICY + "), the HPA's rule on the "
			+ "requests in flight per replica that the gateway counts. Users browsing: logged-in users doing "
			+ "whoami and cart writes throughout, through the same gateway; lost: logged out, a visit not "
			+ "counted, or an acknowledged cart quantity missing at the end.";

}
