package dev.scaleout.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.StorageType;
import io.gatling.app.Gatling$;
import io.gatling.shared.cli.GatlingCliOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the load tests from rotting: a short {@link SessionContinuitySimulation} (about
 * 15 s of traffic) through a real gateway to two real replicas and Redis, all started
 * here from the packaged jars by the topology model. Gatling's own assertions (no KO,
 * p99) decide the exit code.
 */
class SmokeEndToEndTests {

	static Topology topology;

	static String baseUrl;

	@BeforeAll
	static void startTopology() {
		topology = Topology.owned(TopologySpec.builder()
			.replicas(2)
			.lockNodes(0)
			.guard(Guard.ATOMIC)
			.objectStore(false)
			.storage(StorageType.LOCAL)
			.app(AppKeys.LOAD_TEST_USERS, 50)
			.noCanary()
			.loginRateLimit(false)
			.build())
			.start();
		baseUrl = topology.gateway().url();
	}

	@AfterAll
	static void stopTopology() {
		if (topology != null) {
			topology.close();
		}
	}

	@Test
	void sessionContinuitySimulationPassesItsAssertions() throws IOException {
		Path figures = Path.of(System.getProperty("gatling.results", "target/gatling")).resolveSibling("figures");
		System.setProperty("baseUrl", baseUrl);
		System.setProperty("users", "6");
		System.setProperty("rampSeconds", "2");
		System.setProperty("durationSeconds", "15");
		System.setProperty("p99Millis", "2000");
		System.setProperty("figuresDir", figures.toString());

		int exitCode = Gatling$.MODULE$.fromArgs(new String[] { GatlingCliOptions.Simulation.shortOption(),
				SessionContinuitySimulation.class.getName(), GatlingCliOptions.ResultsFolder.shortOption(),
				System.getProperty("gatling.results", "target/gatling") });

		assertThat(exitCode).as("Gatling's exit code (assertions: no KO, p99 < 2 s)").isZero();
		Properties measured = new Properties();
		try (var in = Files.newBufferedReader(figures.resolve("SessionContinuitySimulation.properties"))) {
			measured.load(in);
		}
		assertThat(Long.parseLong(measured.getProperty("observations"))).isGreaterThan(50);
		assertThat(measured.getProperty("brokenSessions")).isEqualTo("0");
		assertThat(measured.getProperty("lostSessions")).isEqualTo("0");
	}

}
