package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The figures a simulation wrote beyond Gatling's own ({@code Figures} in load-tests),
 * read back strictly: a figure the simulation did not write is an error, never a zero.
 */
final class SimulationFigures {

	private final Properties values;

	private final Path file;

	private SimulationFigures(Path file, Properties values) {
		this.file = file;
		this.values = values;
	}

	/** Empty when the run wrote none (it broke before its end). */
	static Optional<SimulationFigures> read(GatlingResult run, String simulation) {
		Path file = run.figures().resolve(simulation + ".properties");
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		Properties values = new Properties();
		try (Reader in = Files.newBufferedReader(file)) {
			values.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Optional.of(new SimulationFigures(file, values));
	}

	long count(String name) {
		String value = this.values.getProperty(name);
		if (value == null) {
			throw new IllegalStateException(this.file + " has no " + name);
		}
		return Long.parseLong(value.trim());
	}

	/** A figure the simulation writes as {@code -} when it has none. */
	OptionalLong optional(String name) {
		String value = this.values.getProperty(name);
		if (value == null) {
			throw new IllegalStateException(this.file + " has no " + name);
		}
		return value.trim().equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.trim()));
	}

	/**
	 * What {@code Continuity} reports of every user's session.
	 *
	 * @param broken sessions that showed older state than their user had seen
	 * @param lost sessions whose user became anonymous
	 * @param repeated whoami answers whose counter jumped ahead (a request repeated)
	 */
	record Sessions(long observations, long broken, long lost, long repeated, long whoamiP99Millis) {

		static Optional<Sessions> of(GatlingResult run, String simulation) {
			return read(run, simulation).map((figures) -> new Sessions(figures.count("observations"),
					figures.count("brokenSessions"), figures.count("lostSessions"), figures.count("repeatedRequests"),
					figures.count("whoamiP99Millis")));
		}

	}

	/** What {@code CheckoutContentionSimulation} counts of the rush for one SKU. */
	record Checkouts(long stock, long confirmed, long outOfStock, long gaveUp, long stockAfter, long oversold,
			OptionalLong perSecond) {

		static Optional<Checkouts> of(GatlingResult run) {
			return read(run, "CheckoutContentionSimulation").map((figures) -> new Checkouts(figures.count("stock"),
					figures.count("confirmed"), figures.count("outOfStock"), figures.count("gaveUp"),
					figures.count("stockAfter"), figures.count("oversold"), figures.optional("checkoutsPerSecond")));
		}

	}

	/** What {@code FilesSimulation} counts of uploads and their downloads. */
	record Uploads(long uploads, long downloads, long notFound) {

		static Optional<Uploads> of(GatlingResult run) {
			return read(run, "FilesSimulation").map((figures) -> new Uploads(figures.count("uploads"),
					figures.count("downloads"), figures.count("notFound")));
		}

		Cell.Percent notFoundShare() {
			return new Cell.Percent((this.downloads > 0) ? 100.0 * this.notFound / this.downloads : 0, 0);
		}

	}

}
