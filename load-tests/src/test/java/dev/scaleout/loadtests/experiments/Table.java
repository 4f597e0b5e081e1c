package dev.scaleout.loadtests.experiments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An experiment's result: typed rows turned into cells by its columns, with a title and a
 * note that says what each figure is.
 *
 * @param name the experiment ({@code ./scaleout experiment NAME})
 * @param finished when the last row was measured
 * @param charts pictures of the same run, shown under the table
 */
record Table(String name, String title, List<String> headers, List<List<Cell>> rows, String note, Instant finished,
		List<Chart> charts) {

	Table {
		charts = List.copyOf(charts);
	}

	/**
	 * An SVG picture of the run.
	 * @param file its file name, next to the table's Markdown
	 * @param description what it shows, as the image's alternative text
	 */
	record Chart(String file, String description, String svg) {
	}

	Table withChart(Chart chart) {
		List<Chart> all = new ArrayList<>(this.charts);
		all.add(chart);
		return new Table(this.name, this.title, this.headers, this.rows, this.note, this.finished, all);
	}

	/** A column: its header and how a row gives its figure. */
	record Column<R>(String header, Function<R, ?> value) {

		Cell cellOf(R row) {
			return Cell.of(this.value.apply(row));
		}

	}

	static <R> Table of(String name, String title, List<Column<R>> columns, List<R> rows, String note) {
		return new Table(name, title, columns.stream().map(Column::header).toList(),
				rows.stream().map((row) -> columns.stream().map((column) -> column.cellOf(row)).toList()).toList(),
				note, Instant.now(), List.of());
	}

	static <R> Column<R> column(String header, Function<R, ?> value) {
		return new Column<>(header, value);
	}

}
