package dev.scaleout.loadtests.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code ./scaleout experiment NAME}: each trade-off as a table of numbers, on the
 * launcher's own topology, which it replaces. Whatever happens (a topology that does not
 * come up, Ctrl-C), nothing is left running.
 */
public final class Experiments {

	/** In the order {@code all} runs them. */
	static final List<Experiment> ALL = List.of(new SessionsExperiment(), new SessionRaceExperiment(),
			new SessionFloodExperiment(), new FailoverExperiment(), new OversellExperiment(), new FilesExperiment(),
			new LbExperiment(), new HashExperiment(), new StoreFailoverExperiment(), new ClusterCostExperiment(),
			new AutoscaleExperiment(), new GatewayCpuExperiment(), new EdgeExperiment());

	private Experiments() {
	}

	public static void main(String[] args) {
		String name = (args.length > 0) ? args[0] : "help";
		PrintStream console = System.out;
		if (List.of("help", "-h", "--help").contains(name)) {
			console.print(usage());
			return;
		}
		Optional<Experiment> experiment = ALL.stream().filter((candidate) -> candidate.name().equals(name)).findFirst();
		if (experiment.isEmpty() && !name.equals("all")) {
			System.err.print(usage());
			System.exit(2);
		}
		Path root = Path.of(System.getProperty("scaleout.root", ".")).toAbsolutePath().normalize();
		Lab lab = new Lab(root, System.getenv(), console);
		Thread cleanUp = new Thread(lab::down, "experiment-down");
		Runtime.getRuntime().addShutdownHook(cleanUp);
		Results results = new Results(lab, Machine.here());
		boolean finished = true;
		try {
			if (experiment.isPresent()) {
				Table table = experiment.get().run(lab);
				String markdown = results.publish(table);
				if (Boolean.parseBoolean(lab.text("EXPERIMENT_PUBLISH", "false"))) {
					lab.log("its section of " + lab.relative(results.update(table.name(), markdown)) + " replaced");
				}
			}
			else {
				finished = new AllExperiments(ALL).run(lab, results);
			}
		}
		catch (RuntimeException ex) {
			lab.log(name + " did not finish: " + ex);
			ex.printStackTrace(console);
			finished = false;
		}
		finally {
			lab.down();
			Runtime.getRuntime().removeShutdownHook(cleanUp);
		}
		System.exit(finished ? 0 : 1);
	}

	static String usage() {
		String list = ALL.stream().map(Experiment::name).collect(Collectors.joining(", "));
		StringBuilder text = new StringBuilder("Usage: ./scaleout experiment NAME      (NAME: " + list + ", all)\n\n");
		for (Experiment experiment : ALL) {
			String[] lines = experiment.summary().split("\n");
			text.append(String.format("  %-15s %s%n", experiment.name(), lines[0]));
			for (int i = 1; i < lines.length; i++) {
				text.append(String.format("  %-15s %s%n", "", lines[i]));
			}
		}
		text.append(
				String.format("  %-15s %s%n", "all", "every experiment above, one after the other (about an hour),"))
			.append(String.format("  %-15s %s%n", "", "and their tables as load-tests/RESULTS.md"));
		text.append("""

				Each run replaces the running ./scaleout topology (./scaleout status and logs work meanwhile) and
				brings it down at the end. Faults are timed from the first request the gateway routes. Gatling runs
				in this JVM. EXPERIMENT_DURATION (40) and EXPERIMENT_USERS (20) tune the Gatling runs;
				EXPERIMENT_BUYERS (200), EXPERIMENT_STOCK (50), EXPERIMENT_RATE (15), EXPERIMENT_SLOW_DELAY (100ms)
				and EXPERIMENT_CLIENTS (300) the others. Tables go to load-tests/target/experiments/NAME.md;
				EXPERIMENT_PUBLISH=true also replaces the experiment's section of load-tests/RESULTS.md.
				""");
		return text.toString();
	}

}
