package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one writer of results: a table as printed, as Markdown in
 * {@code load-tests/target/experiments/NAME.md} with its charts next to it, and every
 * table of a full run as {@code load-tests/RESULTS.md} with the charts in
 * {@code load-tests/results/}. One experiment run with {@code EXPERIMENT_PUBLISH=true}
 * replaces its own section of {@code RESULTS.md} (or adds it), dated as every table is.
 */
final class Results {

	static final String LATER_RUNS = "A section dated after the run was replaced (or added) by that experiment run "
			+ "alone with EXPERIMENT_PUBLISH=true.";

	/** Where RESULTS.md's charts are, from load-tests/. */
	static final String CHARTS = "results";

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private final Lab lab;

	private final Machine machine;

	Results(Lab lab, Machine machine) {
		this.lab = lab;
		this.machine = machine;
	}

	/**
	 * Prints the table aligned and writes it as Markdown, its charts next to it; returns
	 * the Markdown for RESULTS.md.
	 */
	String publish(Table table) {
		Path file = this.lab.out().resolve(table.name() + ".md");
		write(file, markdown(table, ""));
		for (Table.Chart chart : table.charts()) {
			write(this.lab.out().resolve(chart.file()), chart.svg());
			this.charts.add(chart);
		}
		PrintStream out = this.lab.console();
		out.println();
		out.println("== " + table.title());
		out.print(aligned(table));
		out.println(table.note());
		out.println("(written to " + this.lab.relative(file) + ")");
		out.flush();
		return markdown(table, CHARTS + "/");
	}

	/** Charts of the tables published by this run, for RESULTS.md. */
	private final List<Table.Chart> charts = new ArrayList<>();

	/**
	 * The table between markers that name its experiment, so that a later run of it alone
	 * can replace it in RESULTS.md.
	 * @param charts where the charts are, from the Markdown file
	 */
	String markdown(Table table, String charts) {
		StringBuilder text = new StringBuilder(begin(table.name())).append('\n');
		text.append("### ").append(table.title()).append("\n\n");
		text.append(MINUTE.format(table.finished()))
			.append(" · ")
			.append(this.machine.cores())
			.append(" cores · ")
			.append(this.machine.java())
			.append(" · `./scaleout experiment ")
			.append(table.name())
			.append("`\n\n");
		text.append(row(table.headers())).append('\n');
		text.append(table.headers().stream().map((header) -> " --- ").collect(Collectors.joining("|", "|", "|")))
			.append('\n');
		for (List<Cell> cells : table.rows()) {
			text.append(row(cells.stream().map(Cell::text).toList())).append('\n');
		}
		text.append('\n').append(table.note()).append('\n');
		for (Table.Chart chart : table.charts()) {
			text.append("\n![")
				.append(chart.description())
				.append("](")
				.append(charts)
				.append(chart.file())
				.append(")\n");
		}
		return text.append(end(table.name())).append('\n').toString();
	}

	private static String begin(String name) {
		return "<!-- experiment " + name + " -->";
	}

	private static String end(String name) {
		return "<!-- /experiment " + name + " -->";
	}

	/**
	 * {@code EXPERIMENT_PUBLISH=true}: the section of this experiment in RESULTS.md is
	 * replaced by {@code markdown} (from {@link #publish}), or added at the end; its
	 * charts go to {@code load-tests/results/}.
	 */
	Path update(String name, String markdown) {
		Path file = this.lab.root().resolve("load-tests/RESULTS.md");
		String text;
		try {
			text = Files.exists(file) ? Files.readString(file) : "# Experiment results\n";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int from = text.indexOf(begin(name));
		int to = text.indexOf(end(name));
		String updated = (from >= 0 && to > from)
				? text.substring(0, from) + markdown.strip() + text.substring(to + end(name).length())
				: text.stripTrailing() + "\n\n" + markdown;
		write(file, updated);
		writeCharts();
		return file;
	}

	private void writeCharts() {
		for (Table.Chart chart : this.charts) {
			write(this.lab.root().resolve("load-tests").resolve(CHARTS).resolve(chart.file()), chart.svg());
		}
	}

	/** {@code load-tests/RESULTS.md}: the tables of one full run, with the machine. */
	Path writeAll(List<String> markdown, Instant started) {
		StringBuilder text = new StringBuilder("# Experiment results\n\n");
		text.append("One full run of `./scaleout experiment all`, written by the runner itself: these are the\n")
			.append("figures it printed. Started ")
			.append(MINUTE.format(started))
			.append(", finished ")
			.append(MINUTE.format(Instant.now()))
			.append(".\n\n");
		text.append("Machine: ").append(this.machine.describe()).append("; every process on this one machine.\n");
		text.append("Settings: EXPERIMENT_DURATION=")
			.append(this.lab.duration().toSeconds())
			.append(", EXPERIMENT_USERS=")
			.append(this.lab.users())
			.append(" (defaults unless set).\n");
		text.append("Gatling reports and logs stay in load-tests/target/ (not committed).\n");
		text.append(LATER_RUNS).append('\n');
		for (String table : markdown) {
			text.append('\n').append(table);
		}
		Path file = this.lab.root().resolve("load-tests/RESULTS.md");
		write(file, text.toString());
		writeCharts();
		return file;
	}

	private static String row(List<String> cells) {
		return cells.stream().collect(Collectors.joining(" | ", "| ", " |"));
	}

	private static String aligned(Table table) {
		List<List<String>> lines = new ArrayList<>();
		lines.add(table.headers());
		table.rows().forEach((cells) -> lines.add(cells.stream().map(Cell::text).toList()));
		int[] widths = new int[table.headers().size()];
		for (List<String> line : lines) {
			for (int i = 0; i < line.size(); i++) {
				widths[i] = Math.max(widths[i], line.get(i).length());
			}
		}
		StringBuilder text = new StringBuilder();
		for (List<String> line : lines) {
			for (int i = 0; i < line.size(); i++) {
				text.append(String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", line.get(i)));
			}
			text.append('\n');
		}
		return text.toString();
	}

	private static void write(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
