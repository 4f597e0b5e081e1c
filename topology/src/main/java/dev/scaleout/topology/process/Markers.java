package dev.scaleout.topology.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The word in a process's command line that says which process of the topology it is: a
 * pid file's number may have been reused by anything since, so only a live process whose
 * command line carries the marker is taken for ours.
 */
public final class Markers {

	private Markers() {
	}

	/** For a JVM: {@code -Dscaleout.name=app-2}. */
	public static String javaOption(String name) {
		return "-Dscaleout.name=" + name;
	}

	/** For redis-server, which shows it as its process title: {@code scaleout-redis}. */
	public static String title(String name) {
		return "scaleout-" + name;
	}

	static boolean carries(long pid, String name) {
		return words(pid).stream().anyMatch((word) -> word.equals(javaOption(name)) || word.equals(title(name)));
	}

	/**
	 * The words of a process's command line; none while it cannot be read (the process is
	 * gone, or in the middle of an exec).
	 */
	static List<String> words(long pid) {
		try {
			String commandLine = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
					StandardCharsets.UTF_8);
			return Arrays.stream(commandLine.split("[\\x00 ]+")).filter((word) -> !word.isEmpty()).toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
