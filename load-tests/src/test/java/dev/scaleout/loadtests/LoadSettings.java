package dev.scaleout.loadtests;

import java.time.Duration;

/**
 * What every simulation reads from system properties ({@code -Dname=value} on the Maven
 * command line), with defaults for a laptop against {@code ./scaleout up}.
 */
final class LoadSettings {

	private LoadSettings() {
	}

	static String baseUrl() {
		return System.getProperty("baseUrl", "http://localhost:8080");
	}

	/** Virtual users (closed model), each a different load-test account. */
	static int users() {
		return Integer.getInteger("users", 20);
	}

	static Duration ramp() {
		return Duration.ofSeconds(Integer.getInteger("rampSeconds", 5));
	}

	static Duration duration() {
		return Duration.ofSeconds(Integer.getInteger("durationSeconds", 30));
	}

	/** Arrival rate (new users per second) of the Throughput simulation. */
	static double rate() {
		return Double.parseDouble(System.getProperty("rate", "50"));
	}

	/** The p99 bound of the assertions, in milliseconds. */
	static int p99Millis() {
		return Integer.getInteger("p99Millis", 1000);
	}

	/**
	 * The first load-test account: user1 ... user1000 exist
	 * (app.identity.load-test-users).
	 */
	static int firstUser() {
		return Integer.getInteger("firstUser", 1);
	}

}
