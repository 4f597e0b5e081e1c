package dev.scaleout.loadtests.experiments;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A process's CPU time as {@code /proc/PID/stat} counts it. */
class ProcessCpuTests {

	@Test
	void userAndSystemTicksAreAddedAfterTheCommandEvenWithSpacesAndParenthesesInIt() {
		// pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
		// utime stime ...
		String stat = "4242 (java (the) gateway) S 1 4242 4242 0 -1 4194560 90000 0 12 0 1234 566 0 0 20 0 41 0";
		assertThat(ProcessCpu.fromStat(stat, 100)).isEqualTo(Duration.ofMillis(18_000));
	}

	@Test
	void thisProcessesCpuGrowsWithWorkItDoes() {
		long pid = ProcessHandle.current().pid();
		Duration before = ProcessCpu.of(pid);
		long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
		long spins = 0;
		while (System.nanoTime() < deadline) {
			spins++;
		}
		assertThat(spins).isPositive();
		assertThat(ProcessCpu.of(pid).minus(before)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

}
