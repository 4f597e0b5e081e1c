package dev.scaleout.loadtests.experiments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every experiment, one after the other (about an hour), and their tables as
 * {@code load-tests/RESULTS.md}. An experiment that breaks says so in its place; the
 * others still run.
 */
final class AllExperiments {

	private final List<Experiment> experiments;

	AllExperiments(List<Experiment> experiments) {
		this.experiments = experiments;
	}

	/** @return whether every experiment finished */
	boolean run(Lab lab, Results results) {
		Instant started = Instant.now();
		List<String> markdown = new ArrayList<>();
		boolean all = true;
		for (Experiment experiment : this.experiments) {
			try {
				markdown.add(results.publish(experiment.run(lab)));
			}
			catch (RuntimeException ex) {
				all = false;
				lab.log(experiment.name() + " did not finish: " + ex);
				markdown.add("### " + experiment.name() + "\n\nDid not finish: " + ex.getMessage() + "\n");
			}
		}
		lab.log("all tables written to " + lab.relative(results.writeAll(markdown, started)));
		return all;
	}

}
