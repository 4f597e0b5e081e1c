package dev.scaleout.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.scaleout.gateway.support.Topologies;
import dev.scaleout.gateway.support.Traffic;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.autoscale.ScalingEvent;
import dev.scaleout.topology.autoscale.ScalingPolicy;
import dev.scaleout.topology.autoscale.Supervisor;
import dev.scaleout.topology.autoscale.TopologyFleet;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.StorageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor of {@code ./scaleout up --autoscale} on real processes: a replica killed
 * is replaced with no command, a load that needs more than two replicas gets at least
 * four, and when it is over the fleet goes back to two without failing a request of the
 * users still browsing. Every replica answers {@code /api} 100 ms late
 * ({@code app.chaos.latency}), so that a few clients keep many requests in flight without
 * burning the machine's two cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoscaleEndToEndTests {

	/** Target 4 in flight per replica; a scale-down window short enough for a test. */
	static final ScalingPolicy POLICY = ScalingPolicy.parse("2..4")
		.withWindows(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(3));

	Topology topology;

	final List<ScalingEvent> events = new CopyOnWriteArrayList<>();

	Thread supervising;

	@BeforeAll
	void start() {
		this.topology = Topology
			.owned(TopologySpec.builder()
				.replicas(2)
				.lockNodes(0)
				.guard(Guard.ATOMIC)
				.objectStore(false)
				.storage(StorageType.LOCAL)
				.app(AppKeys.LOAD_TEST_USERS, 40)
				.app(AppKeys.CHAOS_LATENCY, Duration.ofMillis(100))
				.noCanary()
				.loginRateLimit(false)
				.build())
			.start();
		Supervisor supervisor = new Supervisor(new TopologyFleet(this.topology), POLICY, Clock.systemUTC(), (event) -> {
			System.out.println("autoscaler: " + event.text());
			this.events.add(event);
		});
		this.supervising = new Thread(() -> supervisor.run(Duration.ofSeconds(1), System.out::println), "autoscaler");
		this.supervising.setDaemon(true);
		this.supervising.start();
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (this.supervising != null) {
			this.supervising.interrupt();
			this.supervising.join(30_000);
		}
		if (this.topology != null) {
			this.topology.close();
		}
	}

	/**
	 * What makes a replacement quick: every replica runs from the extracted jar with the
	 * archive of the classes a start loads (CDS on 17, the AOT cache on 25), which the
	 * first start made by a training run, and the JVM took it without a complaint.
	 */
	@Test
	@Order(0)
	void replicasStartFromTheExtractedJarAndTheJvmsClassArchive() {
		for (Node replica : this.topology.replicas()) {
			String command = String.join(" ", replica.spec().command());
			assertThat(command)
				.containsPattern("-XX:(SharedArchiveFile|AOTCache)=\\S+app-service-[^ ]*-start/jdk\\d+\\.(jsa|aot)")
				.containsPattern("-jar \\S+app-service-[^ ]*-start/app/app-service-[^ ]*\\.jar");
			assertThat(replica.tail(400)).as("the JVM's warnings about its class archive")
				.doesNotContainPattern("\\[(warning|error)\\]\\[(cds|aot)");
		}
	}

	@Test
	@Order(1)
	void aKilledReplicaIsReplacedAndHealthyAgainWithin20SecondsWithoutACommand() throws Exception {
		try (Traffic browsing = Traffic.start(this.topology.gateway().url(), 2)) {
			Node victim = this.topology.replica("app-2");
			long killedAt = System.nanoTime();
			victim.kill();
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.topology.gateway()
					.tryInstances()
					.flatMap((view) -> view.instance(Pool.APP, "app-2"))
					.filter((instance) -> instance.isHealthy() && victim.isRunning())
					.isPresent()
						&& this.events.stream().anyMatch((event) -> event.kind() == ScalingEvent.Kind.REPLACED));
			System.out.println("app-2 healthy again " + Duration.ofNanos(System.nanoTime() - killedAt).toMillis()
					+ " ms after SIGKILL");
			assertThat(this.events).extracting(ScalingEvent::text).contains("app-2 replaced: its process had died");
			assertThat(browsing.failures()).as("requests of the users browsing that failed").isEmpty();
			// The dashboard's events: what the gateway was told, next to what it saw
			// itself.
			assertThat(scalingEventsInTheGateway()).contains("\"kind\":\"replaced\"",
					"\"text\":\"app-2 replaced: its process had died\"");
		}
	}

	@Test
	@Order(2)
	void aLoadThatNeedsMoreThanTwoReplicasGetsFourThenTheFleetShrinksToTwoFailingNoOne() throws Exception {
		try (Traffic browsing = Traffic.start(this.topology.gateway().url(), 2)) {
			try (Traffic load = Traffic.start(this.topology.gateway().url(), 24)) {
				await().atMost(Duration.ofSeconds(90))
					.pollInterval(Duration.ofSeconds(1))
					.until(() -> Topologies.healthyReplicas(this.topology) >= 4);
				assertThat(this.events).anyMatch((event) -> event.kind() == ScalingEvent.Kind.SCALE_OUT
						&& event.replicasAfter() >= 4 && event.text().contains("per replica > target 4"));
				assertThat(load.failures()).as("requests of the load that failed").isEmpty();
				// What k8s' HPA scales on instead (k8s/components/in-flight-autoscaling):
				// each replica's own count, which this load keeps above zero.
				assertThat(inFlightAsTheReplicaExportsIt(this.topology.replica("app-1")))
					.as(ScalingPolicy.REPLICA_IN_FLIGHT_SERIES + " of app-1 under load")
					.isPositive();
			}
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> this.topology.replicas().size() == 2 && Topologies.healthyReplicas(this.topology) == 2);
			assertThat(this.events).last()
				.satisfies((event) -> assertThat(event.kind()).isEqualTo(ScalingEvent.Kind.SCALE_IN))
				.satisfies((event) -> assertThat(event.replicasAfter()).isEqualTo(2));
			assertThat(browsing.failures()).as("requests of the users browsing that failed").isEmpty();
			assertThat(browsing.resets()).as("sessions lost by the users browsing").isEmpty();
			assertThat(scalingEventsInTheGateway()).contains("\"kind\":\"scale-out\"", "\"kind\":\"scale-in\"",
					"per replica > target 4");
		}
	}

	/**
	 * Visitors who give up (a client timeout, a closed tab) cancel their request in the
	 * gateway: it must stop counting it in flight, or the autoscaler sees a load that is
	 * gone and never scales in (and least-requests avoids a replica for nothing).
	 */
	@Test
	@Order(3)
	void requestsWhoseClientsGaveUpAreNoLongerCountedInFlight() throws Exception {
		HttpClient impatient = HttpClient.newHttpClient();
		List<CompletableFuture<HttpResponse<Void>>> abandoned = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			abandoned
				.add(impatient.sendAsync(HttpRequest.newBuilder(URI.create(this.topology.gateway().url() + "/api/ping"))
					// Every replica answers /api 100 ms late: these give up first.
					.timeout(Duration.ofMillis(30))
					.build(), HttpResponse.BodyHandlers.discarding()));
		}
		long gaveUp = abandoned.stream().filter((request) -> {
			try {
				request.join();
				return false;
			}
			catch (CompletionException ex) {
				return true;
			}
		}).count();
		assertThat(gaveUp).as("clients that gave up before the answer").isEqualTo(40);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(this.topology.gateway().instances().pool(Pool.APP).totals().inFlight())
				.as("requests the gateway counts in flight once every replica has answered")
				.isZero());
	}

	@Test
	@Order(4)
	void theGatewayRefusesAnEventItCannotShow() throws Exception {
		HttpResponse<String> refused = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.topology.gateway().managementUrl() + "/actuator/scaling"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"reboot\",\"text\":\"all of them\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(scalingEventsInTheGateway()).doesNotContain("all of them");
	}

	/** The sum of the series over its labels, as prometheus-adapter's rule sums it. */
	private static double inFlightAsTheReplicaExportsIt(Node replica) throws IOException, InterruptedException {
		double inFlight = 0;
		for (int scrape = 0; scrape < 5 && inFlight == 0; scrape++) {
			HttpResponse<String> metrics = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(replica.url() + "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(metrics.statusCode()).isEqualTo(200);
			inFlight = metrics.body()
				.lines()
				.filter((line) -> line.startsWith(ScalingPolicy.REPLICA_IN_FLIGHT_SERIES + "{"))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		return inFlight;
	}

	private String scalingEventsInTheGateway() throws IOException, InterruptedException {
		HttpResponse<String> events = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.topology.gateway().managementUrl() + "/actuator/scaling"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(events.statusCode()).isEqualTo(200);
		return events.body();
	}

}
