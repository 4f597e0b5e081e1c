package dev.scaleout.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Figures a simulation measures beyond Gatling's own (sessions broken, units sold),
 * printed and written to {@code target/figures/<Simulation>.properties} for
 * {@code ./scaleout experiment}.
 */
final class Figures {

	private Figures() {
	}

	static void write(String simulation, Map<String, Object> figures) {
		String text = new java.util.TreeMap<>(figures).entrySet()
			.stream()
			.map((figure) -> figure.getKey() + "=" + figure.getValue())
			.collect(Collectors.joining("\n", "", "\n"));
		System.out.println("---- " + simulation + " figures ----\n" + text);
		Path dir = Path.of(System.getProperty("figuresDir", "target/figures"));
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve(simulation + ".properties"), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
