package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk, the closed-loop HTTP benchmark: a fixed number of keep-alive connections, each
 * sending its next request as soon as the last is answered; and the figures read from
 * what it prints, strictly (a line missing is an error, never a zero).
 */
final class Wrk {

	private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ([0-9.]+)(us|ms|s|m),",
			Pattern.MULTILINE);

	private static final Pattern NON_2XX = Pattern.compile("^\\s*Non-2xx or 3xx responses: (\\d+)", Pattern.MULTILINE);

	private static final Pattern SOCKET_ERRORS = Pattern.compile(
			"^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)", Pattern.MULTILINE);

	private Wrk() {
	}

	/**
	 * @param requests answered within the run
	 * @param elapsed how long the run took, as wrk measured it
	 * @param errors answers other than 2xx/3xx, and connect, read, write errors and
	 * timeouts
	 */
	record Result(long requests, Duration elapsed, long errors) {

		double perSecond() {
			return this.requests * 1e9 / this.elapsed.toNanos();
		}

		static Result parse(String output) {
			Matcher requests = REQUESTS.matcher(output);
			if (!requests.find()) {
				throw new IllegalStateException("wrk printed no 'N requests in T' line:\n" + output);
			}
			double amount = Double.parseDouble(requests.group(2));
			double nanos = switch (requests.group(3)) {
				case "us" -> amount * 1e3;
				case "ms" -> amount * 1e6;
				case "s" -> amount * 1e9;
				default -> amount * 60e9;
			};
			long errors = 0;
			Matcher non2xx = NON_2XX.matcher(output);
			if (non2xx.find()) {
				errors += Long.parseLong(non2xx.group(1));
			}
			Matcher socket = SOCKET_ERRORS.matcher(output);
			if (socket.find()) {
				for (int group = 1; group <= 4; group++) {
					errors += Long.parseLong(socket.group(group));
				}
			}
			return new Result(Long.parseLong(requests.group(1)), Duration.ofNanos(Math.round(nanos)), errors);
		}

	}

	/** {@code wrk -t2 -cCONNECTIONS -dSECONDS [-H HEADER]... URL}, to its end. */
	static Result run(String url, int connections, Duration duration, String... headers) {
		List<String> command = new ArrayList<>(
				List.of("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s"));
		for (String header : headers) {
			command.add("-H");
			command.add(header);
		}
		command.add(url);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
			return Result.parse(output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
