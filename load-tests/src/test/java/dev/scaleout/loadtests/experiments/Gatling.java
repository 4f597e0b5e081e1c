package dev.scaleout.loadtests.experiments;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.Simulation;
import io.gatling.shared.cli.GatlingCliOptions;

/**
 * Runs a simulation with Gatling in this JVM, in a thread of its own, so that the
 * experiment can time its faults from the traffic while it runs. Settings go to the
 * simulation as system properties (as {@code -Dname=value} would), Gatling's console
 * output to the run's log, its report to {@code load-tests/target/gatling/RUN/}, the
 * simulation's own figures to {@code load-tests/target/experiments/figures/RUN/}.
 */
final class Gatling {

	private final Lab lab;

	Gatling(Lab lab) {
		this.lab = lab;
	}

	/**
	 * @param run a name for this run, unique within the experiment ({@code failover-kill})
	 * @param properties the simulation's settings ({@code users}, {@code durationSeconds})
	 */
	CompletableFuture<GatlingResult> start(String run, Class<? extends Simulation> simulation, String baseUrl,
			Map<String, String> properties) {
		Path results = this.lab.root().resolve("load-tests/target/gatling").resolve(run);
		Path figures = this.lab.out().resolve("figures").resolve(run);
		Path log = this.lab.out().resolve(run + ".log");
		deleteRecursively(results);
		deleteRecursively(figures);
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.put("baseUrl", baseUrl);
		all.put("figuresDir", figures.toString());
		this.lab.log("traffic: " + simulation.getSimpleName() + " " + properties + " (log: " + this.lab.relative(log)
				+ ")");
		return CompletableFuture.supplyAsync(() -> {
			int exitCode = run(simulation, results, log, all);
			return new GatlingResult(run, exitCode, log, report(results), figures);
		}, (task) -> {
			Thread thread = new Thread(task, "gatling-" + run);
			thread.setDaemon(true);
			thread.start();
		});
	}

	/**
	 * Where Gatling's console output goes. Scala's {@code Console.out} keeps the
	 * {@code System.out} it saw first, so swapping {@code System.out} per run would send
	 * every run after the first to the first run's (closed) log, and its summary would be
	 * lost. Instead {@code System.out} and {@code System.err} are set once, to streams
	 * that each run points at its own log.
	 */
	private static final Redirect OUT = new Redirect(System.out);

	private static final Redirect ERR = new Redirect(System.err);

	static {
		System.setOut(new PrintStream(OUT, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(ERR, true, StandardCharsets.UTF_8));
	}

	/** System properties and the console are the JVM's: one run at a time. */
	private static synchronized int run(Class<? extends Simulation> simulation, Path results, Path log,
			Map<String, String> properties) {
		Map<String, String> before = new HashMap<>();
		properties.forEach((name, value) -> before.put(name, System.getProperty(name)));
		try {
			Files.createDirectories(results);
			Files.createDirectories(log.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try (PrintStream toLog = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8)) {
			properties.forEach(System::setProperty);
			OUT.to(toLog);
			ERR.to(toLog);
			return Gatling$.MODULE$.fromArgs(new String[] { GatlingCliOptions.Simulation.shortOption(),
					simulation.getName(), GatlingCliOptions.ResultsFolder.shortOption(), results.toString() });
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			// A run that breaks leaves its cells empty, not the whole experiment undone.
			ex.printStackTrace(ERR.original());
			return -1;
		}
		finally {
			OUT.back();
			ERR.back();
			before.forEach((name, value) -> {
				if (value == null) {
					System.clearProperty(name);
				}
				else {
					System.setProperty(name, value);
				}
			});
		}
	}

	/** The one report folder Gatling wrote into this run's results folder. */
	private static Optional<Path> report(Path results) {
		try (Stream<Path> folders = Files.list(results)) {
			return folders.filter((folder) -> Files.isRegularFile(folder.resolve("index.html"))).findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An output stream that writes wherever it is pointed, the original console at first. */
	private static final class Redirect extends OutputStream {

		private final PrintStream original;

		private volatile OutputStream target;

		Redirect(PrintStream original) {
			this.original = original;
			this.target = original;
		}

		PrintStream original() {
			return this.original;
		}

		void to(OutputStream target) {
			this.target = target;
		}

		void back() {
			this.target = this.original;
		}

		@Override
		public void write(int b) throws IOException {
			this.target.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.target.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			this.target.flush();
		}

	}

}
