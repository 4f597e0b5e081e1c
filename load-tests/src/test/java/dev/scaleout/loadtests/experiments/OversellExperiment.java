package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.scaleout.loadtests.CheckoutContentionSimulation;
import dev.scaleout.loadtests.experiments.GatlingResult.Stats;
import dev.scaleout.loadtests.experiments.SimulationFigures.Checkouts;
import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.Guard;

import static dev.scaleout.loadtests.experiments.Table.column;

/** Many buyers for little stock of one SKU, with each guard of checkout. */
final class OversellExperiment implements Experiment {

	/** Simulated work in the critical section, so that races are visible. */
	static final Duration CRITICAL_SECTION = Duration.ofMillis(20);

	private record Row(Guard guard, long stock, GatlingResult run, Optional<Stats> stats,
			Optional<Checkouts> checkouts) {
	}

	@Override
	public String name() {
		return "oversell";
	}

	@Override
	public String summary() {
		return "guard none vs redlock vs atomic, 200 buyers for 50 units: units sold vs stock, checkouts/s";
	}

	@Override
	public Table run(Lab lab) {
		int buyers = lab.number("EXPERIMENT_BUYERS", 200);
		int stock = lab.number("EXPERIMENT_STOCK", 50);
		List<Row> rows = new ArrayList<>();
		for (Guard guard : List.of(Guard.NONE, Guard.REDLOCK, Guard.ATOMIC)) {
			Topology topology = lab.up("--guard " + Choices.text(guard),
					(settings) -> settings.guard(guard).criticalSectionDelay(CRITICAL_SECTION));
			GatlingResult run = Traffic.await(lab.gatling()
				.start("oversell-" + Choices.text(guard), CheckoutContentionSimulation.class, topology.gateway().url(),
						Map.of("users", String.valueOf(buyers), "stock", String.valueOf(stock), "rampSeconds", "40")));
			rows.add(new Row(guard, stock, run, Traffic.stats(run), Checkouts.of(run)));
		}
		List<Column<Row>> columns = List.of(column("guard", (row) -> Choices.text(row.guard())),
				column("stock", Row::stock), column("units sold", (row) -> row.checkouts().map(Checkouts::confirmed)),
				column("stock afterwards", (row) -> row.checkouts().map(Checkouts::stockAfter)),
				column("oversold", (row) -> row.checkouts().map(Checkouts::oversold)),
				column("sold out (409)", (row) -> row.checkouts().map(Checkouts::outOfStock)),
				column("gave up after 10 × 503", (row) -> row.checkouts().map(Checkouts::gaveUp)),
				column("checkouts/s", (row) -> row.checkouts().map(Checkouts::perSecond)),
				column("failed requests", (row) -> row.stats().map(Stats::ko)),
				column("Gatling report", (row) -> Traffic.report(lab, row.run())));
		return Table.of(name(), "Checkout of one hot SKU: " + buyers + " buyers log in over 40 s, then all check out "
				+ "at once; " + stock + " units, 3 replicas, " + CRITICAL_SECTION.toMillis()
				+ " ms of work in the critical section", columns, rows,
				"units sold = confirmed orders (201). With none, replicas read the same stock and all sell; "
						+ "checkouts/s = answered checkouts from the first to the last. Failed requests include the "
						+ "check afterwards, which fails whenever units sold ≠ stock; a buyer whose login or cart "
						+ "failed does not check out.");
	}

}
