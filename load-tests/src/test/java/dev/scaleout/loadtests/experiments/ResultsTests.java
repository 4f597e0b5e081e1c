package dev.scaleout.loadtests.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** One writer for the printed table, the experiment's Markdown and RESULTS.md. */
class ResultsTests {

	@TempDir
	Path root;

	record Row(String signal, Optional<Long> requests, Duration out, OptionalLong slowest) {
	}

	@Test
	void typedFiguresAreWrittenTheSameWayEverywhereAndMissingOnesShowAsADash() throws Exception {
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		Lab lab = new Lab(this.root, Map.of(), new PrintStream(console, true, StandardCharsets.UTF_8));
		Results results = new Results(lab, new Machine(2, 24, "Debian", "openjdk version \"17\"", "7.0.15"));
		Table table = Table.of("failover", "Failover",
				List.of(Table.column("signal", Row::signal), Table.column("requests", Row::requests),
						Table.column("out (ms)", Row::out), Table.column("slowest", Row::slowest)),
				List.of(new Row("SIGKILL", Optional.of(6439L), Duration.ofMillis(3), OptionalLong.empty()),
						new Row("SIGTERM", Optional.empty(), Duration.ofMillis(1512), OptionalLong.of(980))),
				"What each figure is.");

		String markdown = results.publish(table);

		assertThat(markdown).contains("| signal | requests | out (ms) | slowest |\n| --- | --- | --- | --- |\n"
				+ "| SIGKILL | 6439 | 3 | - |\n| SIGTERM | - | 1512 | 980 |\n\nWhat each figure is.\n");
		assertThat(markdown).contains(" · 2 cores · openjdk version \"17\" · `./scaleout experiment failover`");
		assertThat(Files.readString(this.root.resolve("load-tests/target/experiments/failover.md")))
			.isEqualTo(markdown);
		assertThat(console.toString(StandardCharsets.UTF_8)).contains("SIGTERM  -         1512      980");

		Path all = results.writeAll(List.of(markdown), table.finished());
		assertThat(Files.readString(all)).startsWith("# Experiment results")
			.contains("Machine: 2 cores, 24 GiB RAM, Debian, openjdk version \"17\", redis-server 7.0.15")
			.endsWith(markdown);
	}

	@Test
	void aPublishedRunReplacesItsOwnSectionOfTheResultsAndCarriesItsChart() throws Exception {
		Lab lab = new Lab(this.root, Map.of(),
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		Results results = new Results(lab, new Machine(2, 24, "Debian", "openjdk version \"17\"", "7.0.15"));
		Files.createDirectories(this.root.resolve("load-tests"));
		Files.writeString(this.root.resolve("load-tests/RESULTS.md"), "# Experiment results\n\nA full run's tables.\n");

		for (String figure : List.of("first", "second")) {
			Table table = Table
				.of("autoscale", "Autoscaling", List.of(Table.column("figure", (String row) -> row)), List.of(figure),
						"Note.")
				.withChart(new Table.Chart("autoscale.svg", "Replicas over time", "<svg>" + figure + "</svg>"));
			results.update(table.name(), results.publish(table));
		}

		String text = Files.readString(this.root.resolve("load-tests/RESULTS.md"));
		assertThat(text).startsWith("# Experiment results\n\nA full run's tables.\n\n<!-- experiment autoscale -->")
			.contains("| second |", "![Replicas over time](results/autoscale.svg)")
			.doesNotContain("| first |")
			.endsWith("<!-- /experiment autoscale -->\n");
		assertThat(Files.readString(this.root.resolve("load-tests/results/autoscale.svg")))
			.isEqualTo("<svg>second</svg>");
		assertThat(Files.readString(this.root.resolve("load-tests/target/experiments/autoscale.md")))
			.contains("![Replicas over time](autoscale.svg)");
		assertThat(Files.readString(this.root.resolve("load-tests/target/experiments/autoscale.svg")))
			.isEqualTo("<svg>second</svg>");
	}

}
