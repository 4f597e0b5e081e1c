package dev.scaleout.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.scaleout.gateway.support.Attempts;
import dev.scaleout.gateway.support.Topologies;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.gateway.PoolView;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * app-3 answers a fifth of its API requests with a 500 while its health checks pass
 * ({@code app.chaos.errors}, what {@code ./scaleout up --errors app-3=20%} sets): users
 * browsing through the gateway see almost none of it, because a failed GET is repeated on
 * another replica, and app-3 is soon ejected on its failure percentage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrayFailureEndToEndTests {

	Topology topology;

	@BeforeAll
	void startTopology() {
		this.topology = Topologies.startAdmitted(TopologySpec.builder()
			.noCanary()
			.replica("app-3", AppKeys.CHAOS_ERRORS, 20)
			// Only the statistics eject here: a fifth failing also makes three in a row
			// now and then, which would hide whether they work.
			.gateway(GatewayKeys.OUTLIER_CONSECUTIVE_ERRORS, 1000)
			.build());
	}

	@AfterAll
	void stopTopology() {
		if (this.topology != null) {
			this.topology.close();
		}
	}

	@Test
	void usersSeeAtMostHalfAPercentFailedAndTheGrayReplicaGetsUnderFivePercentAfterTenSeconds()
			throws InterruptedException {
		try (Browsing browsing = Browsing.start(this.topology.gateway().url(), 4)) {
			Thread.sleep(10_000);
			Attempts atTen = Attempts.of(this.topology);
			Thread.sleep(15_000);
			Attempts afterTen = Attempts.of(this.topology).since(atTen);
			browsing.close();

			assertThat(browsing.requests()).as("requests sent").isGreaterThan(1000);
			assertThat(browsing.failures())
				.as("failed requests of %d (at most 0.5 %%): %s", browsing.requests(), browsing.firstFailure())
				.isLessThanOrEqualTo(browsing.requests() / 200);
			System.out.printf("gray failure: %d failed of %d requests; app-3 had %d of %d attempts from 10 s to 25 s%n",
					browsing.failures(), browsing.requests(), afterTen.of("app-3"), afterTen.total());
			assertThat(afterTen.percentOf("app-3"))
				.as("app-3's share in %% of the %d attempts from 10 s to 25 s", afterTen.total())
				.isLessThan(5.0);
		}
		PoolView pool = this.topology.gateway().instances().pool(Pool.APP);
		assertThat(pool.instance("app-3").map(InstanceView::ejectionReason).orElseThrow())
			.contains("requests failed (failure-percentage 10 %)");
	}

	/** Anonymous visitors reading the catalog as fast as it answers. */
	static final class Browsing implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong requests = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private final List<String> firstFailure = new ArrayList<>();

		/** Each answered request's time, in microseconds. */
		private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());

		private final List<Thread> threads = new ArrayList<>();

		static Browsing start(String baseUrl, int visitors) {
			Browsing browsing = new Browsing();
			for (int i = 0; i < visitors; i++) {
				HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
				Thread thread = new Thread(() -> browsing.loop(http, URI.create(baseUrl + "/api/products")),
						"browsing-" + i);
				browsing.threads.add(thread);
				thread.start();
			}
			return browsing;
		}

		private void loop(HttpClient http, URI products) {
			while (this.running.get()) {
				long started = System.nanoTime();
				try {
					HttpResponse<String> response = http.send(
							HttpRequest.newBuilder(products).timeout(Duration.ofSeconds(10)).build(),
							HttpResponse.BodyHandlers.ofString());
					this.latencies.add((System.nanoTime() - started) / 1000);
					this.requests.incrementAndGet();
					if (response.statusCode() != 200) {
						failed(response.statusCode() + " " + response.body());
					}
				}
				catch (java.io.IOException ex) {
					this.requests.incrementAndGet();
					failed(ex.toString());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private synchronized void failed(String what) {
			this.failures.incrementAndGet();
			if (this.firstFailure.isEmpty()) {
				this.firstFailure.add(what);
			}
		}

		long requests() {
			return this.requests.get();
		}

		long failures() {
			return this.failures.get();
		}

		/** Latencies are counted from now on only (after a warm-up). */
		void forgetLatencies() {
			this.latencies.clear();
		}

		/** The answered requests' latency at this percentile (nearest rank), in ms. */
		long percentileMillis(int percentile) {
			List<Long> sorted;
			synchronized (this.latencies) {
				sorted = this.latencies.stream().sorted().toList();
			}
			if (sorted.isEmpty()) {
				return 0;
			}
			int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
			return sorted.get(Math.max(rank, 1) - 1) / 1000;
		}

		synchronized String firstFailure() {
			return this.firstFailure.isEmpty() ? "none" : this.firstFailure.get(0);
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

	}

}
