package dev.scaleout.loadtests.experiments;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.scaleout.loadtests.experiments.GatlingResult.Stats;

/** Helpers the experiments share about a run of traffic and its figures. */
final class Traffic {

	private Traffic() {
	}

	/** {@code users} and {@code durationSeconds} as the experiment's settings say. */
	static Map<String, String> usersFor(Lab lab) {
		return Map.of("users", String.valueOf(lab.users()), "durationSeconds",
				String.valueOf(lab.duration().toSeconds()));
	}

	static GatlingResult await(CompletableFuture<GatlingResult> run) {
		try {
			return run.join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("the traffic broke: " + ex.getCause(), ex.getCause());
		}
	}

	/** Gatling's figures of a run that may have broken. */
	static Optional<Stats> stats(GatlingResult run) {
		try {
			return run.stats();
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** The run's HTML report, from the repository's root. */
	static Cell report(Lab lab, GatlingResult run) {
		return run.report().map((report) -> (Cell) new Cell.Text(lab.relative(report.resolve("index.html"))))
			.orElse(Cell.MISSING);
	}

}
