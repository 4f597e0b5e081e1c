package dev.scaleout.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.scaleout.testsupport.FreePorts;
import io.gatling.app.Gatling$;
import io.gatling.shared.cli.GatlingCliOptions;
import dev.scaleout.testsupport.JavaProcess;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the load tests from rotting: a short {@link SessionContinuitySimulation} (about
 * 15 s of traffic) through a real gateway to two real replicas and Redis, all started
 * here from the packaged jars. Gatling's own assertions (no KO, p99) decide the exit
 * code.
 */
class SmokeEndToEndTests {

	static final Duration START = Duration.ofSeconds(120);

	static RedisServer redis;

	static final List<JavaProcess> processes = new ArrayList<>();

	static String baseUrl;

	static int managementPort;

	@BeforeAll
	static void startTopology() throws IOException, InterruptedException {
		redis = RedisServer.start();
		List<String> urls = new ArrayList<>();
		for (int i = 1; i <= 2; i++) {
			int port = FreePorts.next();
			urls.add("http://127.0.0.1:" + port);
			processes.add(JavaProcess.jar("app-" + i, "app.jar",
					Map.of("SERVER_PORT", String.valueOf(port), "APP_INSTANCE_ID", "app-" + i, "SPRING_PROFILES_ACTIVE",
							"dev", "SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()), "APP_INVENTORY_GUARD",
							"atomic", "APP_STORAGE_TYPE", "local", "APP_IDENTITY_LOADTESTUSERS", "50"),
					"http://127.0.0.1:" + port + "/actuator/health/readiness")
				.start());
		}
		Path instances = Files.writeString(Files.createTempFile("app", ".instances"), String.join("\n", urls));
		Path noCanary = Files.writeString(Files.createTempFile("canary", ".instances"), "");
		int port = FreePorts.next();
		managementPort = FreePorts.next();
		baseUrl = "http://127.0.0.1:" + port;
		processes.add(JavaProcess.jar("gateway", "gateway.jar",
				Map.of("SERVER_PORT", String.valueOf(port), "MANAGEMENT_SERVER_PORT", String.valueOf(managementPort),
						"SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()), "GATEWAY_POOLS_APP_DISCOVERY_FILE",
						instances.toString(), "GATEWAY_POOLS_CANARY_DISCOVERY_FILE", noCanary.toString(),
						"GATEWAY_ROUTING_LOGINRATELIMIT_ENABLED", "false"),
				"http://127.0.0.1:" + managementPort + "/actuator/health/readiness")
			.start());
		for (JavaProcess process : processes) {
			process.awaitReady(START);
		}
		awaitBalanced(2);
	}

	@AfterAll
	static void stopTopology() {
		processes.forEach(JavaProcess::close);
		if (redis != null) {
			redis.close();
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

	private static void awaitBalanced(int replicas) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			String body = http
				.send(HttpRequest.newBuilder(URI.create(baseUrl + "/gateway/instances")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			if (body.split("\"state\":\"healthy\"", -1).length - 1 >= replicas) {
				return;
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("the gateway did not see " + replicas + " healthy replicas");
	}

}
