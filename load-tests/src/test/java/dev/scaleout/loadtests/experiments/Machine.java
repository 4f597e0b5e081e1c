package dev.scaleout.loadtests.experiments;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine the figures were measured on, as the results say it. */
record Machine(int cores, long memoryGiB, String os, String java, String redis) {

	static Machine here() {
		return new Machine(
				Runtime.getRuntime().availableProcessors(), totalMemoryGiB(), osName(), "openjdk version \""
						+ System.getProperty("java.version") + "\" " + System.getProperty("java.version.date", ""),
				redisVersion());
	}

	/**
	 * Refuses to run an experiment whose programs are not installed, saying how to get
	 * them.
	 */
	static void requirePrograms(String experiment, String... programs) {
		for (String program : programs) {
			boolean found = false;
			for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
				found |= Files.isExecutable(Path.of(directory, program));
			}
			if (!found) {
				throw new IllegalStateException(
						"experiment " + experiment + " needs " + program + ": sudo apt-get install -y " + program);
			}
		}
	}

	String describe() {
		return String.format(Locale.ROOT, "%d cores, %d GiB RAM, %s, %s, redis-server %s", this.cores, this.memoryGiB,
				this.os, this.java.trim(), this.redis);
	}

	private static long totalMemoryGiB() {
		Matcher total = find(Path.of("/proc/meminfo"), "MemTotal:\\s+(\\d+) kB");
		return (total != null) ? Math.round(Long.parseLong(total.group(1)) / 1048576.0) : 0;
	}

	private static String osName() {
		Matcher name = find(Path.of("/etc/os-release"), "PRETTY_NAME=\"?([^\"\\n]+)\"?");
		return (name != null) ? name.group(1) : System.getProperty("os.name");
	}

	private static String redisVersion() {
		try {
			Process process = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
			String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(5, TimeUnit.SECONDS);
			Matcher version = Pattern.compile("v=(\\S+)").matcher(text);
			return version.find() ? version.group(1) : "unknown";
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	private static Matcher find(Path file, String pattern) {
		try {
			Matcher matcher = Pattern.compile(pattern).matcher(Files.readString(file));
			return matcher.find() ? matcher : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
