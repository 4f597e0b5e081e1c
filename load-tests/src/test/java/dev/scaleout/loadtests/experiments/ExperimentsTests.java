package dev.scaleout.loadtests.experiments;

import dev.scaleout.topology.cli.Usage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentsTests {

	@Test
	void theLaunchersHelpNamesEveryExperimentInTheOrderAllRunsThem() {
		assertThat(Experiments.ALL).extracting(Experiment::name).containsExactlyElementsOf(Usage.EXPERIMENTS);
	}

	@Test
	void theUsageDescribesEachExperiment() {
		String usage = Experiments.usage();
		for (Experiment experiment : Experiments.ALL) {
			assertThat(usage).contains("\n  " + experiment.name() + " ");
		}
		assertThat(usage).contains("\n  all ");
	}

}
