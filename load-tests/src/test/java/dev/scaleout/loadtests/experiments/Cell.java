package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** One figure of a table, typed until it is written. */
sealed interface Cell {

	String text();

	/** What stands where a run produced no figure (it broke before its end). */
	Cell MISSING = new Text("-");

	/** A value as a cell: counts, durations (in ms), text; empty optionals are missing. */
	static Cell of(Object value) {
		if (value instanceof Cell cell) {
			return cell;
		}
		if (value instanceof Optional<?> optional) {
			return optional.map(Cell::of).orElse(MISSING);
		}
		if (value instanceof OptionalLong optional) {
			return optional.isPresent() ? new Count(optional.getAsLong()) : MISSING;
		}
		if (value instanceof Duration duration) {
			return new Count(duration.toMillis());
		}
		if (value instanceof Long || value instanceof Integer) {
			return new Count(((Number) value).longValue());
		}
		if (value instanceof String text) {
			return new Text(text);
		}
		throw new IllegalArgumentException("no cell for " + value.getClass());
	}

	record Text(String text) implements Cell {
	}

	record Count(long value) implements Cell {

		@Override
		public String text() {
			return String.valueOf(this.value);
		}

	}

	record Decimal(double value, int digits) implements Cell {

		@Override
		public String text() {
			return String.format(Locale.ROOT, "%." + this.digits + "f", this.value);
		}

	}

	record Percent(double value, int digits) implements Cell {

		@Override
		public String text() {
			return String.format(Locale.ROOT, "%." + this.digits + "f %%", this.value);
		}

	}

}
