package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Gatling run: its exit code (1 when an assertion of the simulation failed), its log,
 * its report, Gatling's global figures and the folder of the simulation's own.
 */
record GatlingResult(String run, int exitCode, Path log, Optional<Path> report, Path figures) {

	/**
	 * Gatling's global figures, read from the summary it prints at the end of a run, or
	 * empty when the run printed none (it broke before its end).
	 */
	Optional<Stats> stats() {
		try {
			return Stats.parse(Files.readAllLines(this.log));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The "Global Information" of a run: requests, and response times in milliseconds,
	 * empty where Gatling prints none ("-": no KO, so no slowest KO). Gatling 3.14 writes
	 * no machine-readable figures (its report keeps them in HTML), so they are read from
	 * the summary it prints, strictly: a line missing or malformed is an error, never a 0.
	 *
	 * @param p50 the 50th percentile of every request
	 * @param p99 the 99th percentile of every request
	 * @param p999 the 99.9th percentile of every request (Gatling prints it because
	 * {@code gatling.conf} of the load tests asks for it)
	 * @param slowestKo the longest a failed request took
	 */
	record Stats(long requests, long ok, long ko, OptionalLong p50, OptionalLong p99, OptionalLong p999,
			OptionalLong slowestKo) {

		static final String HEADER = "---- Global Information";

		/** From Gatling's console output: its last summary. */
		static Optional<Stats> parse(List<String> output) {
			int start = -1;
			for (int i = 0; i < output.size(); i++) {
				if (output.get(i).startsWith(HEADER)) {
					start = i;
				}
			}
			if (start < 0) {
				return Optional.empty();
			}
			Map<String, String[]> rows = new HashMap<>();
			for (int i = start + 1; i < output.size() && output.get(i).startsWith("> "); i++) {
				String[] cells = output.get(i).substring(2).split("\\|");
				if (cells.length != 4) {
					throw new IllegalStateException("not a row of Gatling's summary: " + output.get(i));
				}
				rows.put(cells[0].trim(), cells);
			}
			String[] count = row(rows, "request count");
			return Optional.of(new Stats(number(count[1]).orElse(0), number(count[2]).orElse(0),
					number(count[3]).orElse(0), number(row(rows, "response time 50th percentile (ms)")[1]),
					number(row(rows, "response time 99th percentile (ms)")[1]),
					number(row(rows, "response time 99.9th percentile (ms)")[1]),
					number(row(rows, "max response time (ms)")[3])));
		}

		private static String[] row(Map<String, String[]> rows, String label) {
			String[] row = rows.get(label);
			if (row == null) {
				throw new IllegalStateException("Gatling's summary has no '" + label + "'");
			}
			return row;
		}

		private static OptionalLong number(String cell) {
			String text = cell.trim().replace(",", "");
			return text.equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
		}

	}

}
