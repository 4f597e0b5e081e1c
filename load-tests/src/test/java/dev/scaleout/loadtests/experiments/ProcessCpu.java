package dev.scaleout.loadtests.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time a process has used, user and system, all its threads, as the kernel
 * counts it in {@code /proc/PID/stat} (fields 14 and 15, in clock ticks).
 */
final class ProcessCpu {

	/** {@code getconf CLK_TCK}: 100 on Linux for every architecture that matters here. */
	private static final long TICKS_PER_SECOND = ticksPerSecond();

	private ProcessCpu() {
	}

	static Duration of(long pid) {
		try {
			return fromStat(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")), TICKS_PER_SECOND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("process " + pid + " is gone", ex);
		}
	}

	/**
	 * From one {@code stat} line. The second field, the command, is in parentheses and may
	 * hold spaces and parentheses itself: fields are counted after its last ')'.
	 */
	static Duration fromStat(String stat, long ticksPerSecond) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
		// After the command come state (field 3) ... utime (14) and stime (15).
		long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
		return Duration.ofNanos(ticks * 1_000_000_000L / ticksPerSecond);
	}

	private static long ticksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String text = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return (getconf.waitFor() == 0) ? Long.parseLong(text) : 100;
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

}
