package dev.scaleout.loadtests.experiments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import dev.scaleout.loadtests.experiments.GatlingResult.Stats;
import io.gatling.javaapi.core.Simulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gatling in the experiments' JVM, as {@code ./scaleout experiment} runs it: several
 * runs, one after the other, each with its own figures. (The first version lost the
 * summary of every run after the first to the first run's log: Scala's console keeps the
 * {@code System.out} it saw first. The failover experiment printed "-" for the SIGTERM
 * row's requests, KO and p99.)
 */
class GatlingTests {

	HttpServer server;

	@TempDir
	Path root;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void everyRunInOneJvmHasItsOwnSummary() {
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		Lab lab = new Lab(this.root, Map.of(), new PrintStream(console, true, StandardCharsets.UTF_8));
		String baseUrl = "http://127.0.0.1:" + this.server.getAddress().getPort();

		GatlingResult first = Traffic
			.await(lab.gatling().start("first", Gets.class, baseUrl, Map.of("requests", "10")));
		GatlingResult second = Traffic
			.await(lab.gatling().start("second", Gets.class, baseUrl, Map.of("requests", "7")));

		assertThat(first.stats()).get().extracting(Stats::requests, Stats::ko).containsExactly(10L, 0L);
		assertThat(second.stats()).as("the second run's summary, in its own log")
			.get()
			.extracting(Stats::requests, Stats::ko)
			.containsExactly(7L, 0L);
		assertThat(first.stats().orElseThrow().p999()).as("the 99.9th percentile gatling.conf asks for").isPresent();
		assertThat(first.report()).isPresent();
		assertThat(second.report()).isPresent();
	}

	/** {@code requests} GETs of {@code /} by one user. */
	public static class Gets extends Simulation {

		{
			int requests = Integer.getInteger("requests", 10);
			setUp(scenario("get").exec(repeat(requests).on(http("get").get("/"))).injectOpen(atOnceUsers(1)))
				.protocols(http.baseUrl(System.getProperty("baseUrl")));
		}

	}

}
