package dev.scaleout.gateway.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.scaleout.topology.gateway.DecisionView;
import dev.scaleout.topology.gateway.GatewayClient;
import dev.scaleout.topology.gateway.GatewayView;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.gateway.InstanceView.State;
import dev.scaleout.topology.process.FreePorts;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * What {@code GET /gateway/instances} really answers, read by the topology's typed
 * client, which the launcher's status, the tests and the experiments' failover figures
 * read it with. The client refuses properties it does not know and misses none it needs,
 * so a field renamed or dropped on either side fails here, not in a published figure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InstancesContractTests {

	/** A replica that answers its readiness probe and the API, as app-service does. */
	static final HttpServer replica = replica();

	static final int DEAD_PORT = FreePorts.next();

	@Value("${local.server.port}")
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	static HttpServer replica() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
			server.createContext("/", (exchange) -> {
				exchange.getResponseHeaders().add("X-Instance", "stub-1");
				exchange.getResponseHeaders().add("X-App-Version", "7");
				byte[] body = "{\"status\":\"UP\"}".getBytes();
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void pools(DynamicPropertyRegistry registry) {
		registry.add("gateway.pools.app.discovery.urls[0]", () -> "http://127.0.0.1:" + replica.getAddress().getPort());
		registry.add("gateway.pools.app.discovery.urls[1]", () -> "http://127.0.0.1:" + DEAD_PORT);
		registry.add("management.server.port", () -> "0");
		// The login limiter's store; nothing here logs in.
		registry.add("spring.data.redis.port", () -> String.valueOf(DEAD_PORT));
	}

	@AfterAll
	static void stopReplica() {
		replica.stop(0);
	}

	@Test
	void theRealAnswerReadsIntoTheTopologysRecordsWithEveryFigure() throws Exception {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> view().instance(Pool.APP, "stub-1").map(InstanceView::isHealthy).orElse(false));
		for (int i = 0; i < 3; i++) {
			assertThat(get("/api/ping").statusCode()).isEqualTo(200);
		}

		GatewayView view = view();

		assertThat(view.pools()).containsOnlyKeys("app", "canary");
		assertThat(view.pool(Pool.APP).strategy()).isEqualTo(Strategy.ROUND_ROBIN);
		assertThat(view.pool(Pool.APP).panic()).isFalse();
		assertThat(view.pool(Pool.APP).totals().instances()).isEqualTo(2);
		assertThat(view.pool(Pool.APP).totals().healthy()).isEqualTo(1);
		assertThat(view.pool(Pool.APP).totals().requests()).isGreaterThanOrEqualTo(3);
		InstanceView live = view.instance(Pool.APP, "stub-1").orElseThrow();
		assertThat(live.url()).isEqualTo("http://127.0.0.1:" + replica.getAddress().getPort());
		assertThat(live.version()).isEqualTo("7");
		assertThat(live.state()).isEqualTo(State.HEALTHY);
		assertThat(live.answering()).isTrue();
		assertThat(live.draining()).isFalse();
		assertThat(live.requests()).isGreaterThanOrEqualTo(3);
		assertThat(live.errors()).isZero();
		assertThat(live.weight()).isEqualTo(1);
		assertThat(live.lastStateChange()).isNotNull();
		assertThat(live.slowStartPercent()).as("just admitted: in slow start or past it").isBetween(10, 100);
		assertThat(live.concurrencyLimit()).as("no adaptive concurrency limit unless enabled").isZero();
		InstanceView dead = view.instance(Pool.APP, "127.0.0.1:" + DEAD_PORT).orElseThrow();
		assertThat(dead.state()).isEqualTo(State.UNHEALTHY);
		assertThat(dead.answering()).isFalse();
		assertThat(view.pool(Pool.CANARY).instances()).isEmpty();
	}

	@Test
	void theBalancersDecisionsReadIntoTheTopologysRecordsWithTheirReasons() throws Exception {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> view().instance(Pool.APP, "stub-1").map(InstanceView::isHealthy).orElse(false));
		assertThat(get("/api/ping?token=secret").statusCode()).isEqualTo(200);

		List<DecisionView> decisions = new GatewayClient("http://127.0.0.1:" + this.port).decisions();

		DecisionView newest = decisions.get(0);
		assertThat(newest.pool()).isEqualTo("app");
		assertThat(newest.strategy()).isEqualTo(Strategy.ROUND_ROBIN);
		assertThat(newest.method()).isEqualTo("GET");
		assertThat(newest.path()).as("without the query, which may carry secrets").isEqualTo("/api/ping");
		assertThat(newest.attempt()).isEqualTo(1);
		assertThat(newest.candidates()).as("the dead one is not a candidate").isEqualTo(1);
		assertThat(newest.instance()).isEqualTo("stub-1");
		assertThat(newest.reason()).isEqualTo("its turn: 1 of 1 in rotation");
		assertThat(newest.outcome()).isEqualTo("200");
		assertThat(newest.millis()).isPositive();
		assertThat(newest.at()).isNotNull();
	}

	@Test
	void aPropertyRenamedOrDroppedInTheAnswerFailsTheReading() throws Exception {
		await().atMost(Duration.ofSeconds(15)).until(() -> view().pool(Pool.APP).instances().size() == 2);
		String body = get("/gateway/instances").body();
		assertThat(GatewayClient.parse(body).pool(Pool.APP).instances()).hasSize(2);

		assertThatIllegalStateException()
			.isThrownBy(() -> GatewayClient.parse(body.replace("\"requests\":", "\"sent\":")))
			.withMessageContaining("does not answer what the topology reads");
		assertThatIllegalStateException()
			.isThrownBy(() -> GatewayClient.parse(body.replaceAll("\"draining\":(true|false),", "")));
		assertThatIllegalStateException()
			.isThrownBy(() -> GatewayClient.parse(body.replaceFirst("\"state\":\"[a-z]+\"", "\"state\":\"up\"")));
	}

	private GatewayView view() throws Exception {
		return GatewayClient.parse(get("/gateway/instances").body());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
