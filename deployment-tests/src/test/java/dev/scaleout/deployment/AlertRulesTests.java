package dev.scaleout.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus configuration of compose's observability profile loads with its alert
 * rules, and each rule fires on the series it is for and stays quiet on the others
 * ({@code docker/prometheus/alerts.test.yml}): checked by Prometheus's own promtool.
 */
class AlertRulesTests {

	@Test
	void theConfigurationAndItsAlertRulesLoad() {
		assertThat(promtool("check", "config", RepoFiles.file("docker/prometheus/prometheus.yml").toString()))
			.contains("SUCCESS")
			.doesNotContain("FAILED");
	}

	@Test
	void everyAlertRuleFiresOnItsSeriesAndOnlyThere() {
		assertThat(promtool("test", "rules", RepoFiles.file("docker/prometheus/alerts.test.yml").toString()))
			.contains("SUCCESS")
			.doesNotContain("FAILED");
	}

	private static String promtool(String... arguments) {
		Path promtool = List.of(Path.of("/usr/bin/promtool"), Path.of("/usr/local/bin/promtool"))
			.stream()
			.filter((candidate) -> candidate.toFile().canExecute())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"promtool not found: install it with: sudo apt-get install -y --no-install-recommends prometheus"));
		List<String> command = new ArrayList<>(List.of(promtool.toString()));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("promtool %s: %s", String.join(" ", arguments), output).isZero();
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
