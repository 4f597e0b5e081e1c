package dev.scaleout.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.scaleout.gateway.support.AdmittedTopology;
import dev.scaleout.gateway.support.Attempts;
import dev.scaleout.gateway.support.Browsing;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.gateway.PoolView;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.StorageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The healthy panic threshold as a percentage (Envoy's, 50 %): with one replica of three
 * not ready the other two take its share; with two of three not ready, the one left would
 * take everything, so the pool panics and spreads the traffic over every replica that
 * still answers. "Not ready" is a real per-replica fault: the replica's upload directory
 * is replaced by a plain file (a disk gone bad), its readiness turns DOWN while it keeps
 * serving the catalogue.
 */
class PanicThresholdEndToEndTests {

	@RegisterExtension
	static final AdmittedTopology running = new AdmittedTopology(TopologySpec.builder()
		.noCanary()
		.storage(StorageType.LOCAL)
		.objectStore(false)
		.gateway(GatewayKeys.HEALTH_PANIC_THRESHOLD, 50)
		.build());

	@Test
	void belowHalfThePoolHealthyTheAnsweringUnhealthyReplicasShareTheTraffic() throws Exception {
		Node first = running.topology().replica("app-1");
		Node second = running.topology().replica("app-2");
		Node third = running.topology().replica("app-3");
		try {
			breakDisk(third);
			awaitUnhealthy(third);
			Attempts twoOfThree = browse();
			assertThat(pool().panic()).as("2 of 3 healthy is not below 50 %").isFalse();
			assertThat(twoOfThree.of(third.name())).as("attempts on the unready %s", third.name()).isZero();

			breakDisk(second);
			awaitUnhealthy(second);
			Attempts oneOfThree = browse();
			System.out.printf("panic threshold: with 1 of 3 healthy, shares %s %.1f %%, %s %.1f %%, %s %.1f %% of %d%n",
					first.name(), oneOfThree.percentOf(first.name()), second.name(),
					oneOfThree.percentOf(second.name()), third.name(), oneOfThree.percentOf(third.name()),
					oneOfThree.total());
			// Round robin over the three that answer: a third each.
			assertThat(oneOfThree.percentOf(second.name())).as("share of the unready %s", second.name())
				.isGreaterThan(20.0);
			assertThat(oneOfThree.percentOf(third.name())).as("share of the unready %s", third.name())
				.isGreaterThan(20.0);
			assertThat(pool().panic()).as("the dashboard's panic flag").isTrue();
		}
		finally {
			repairDisk(second);
			repairDisk(third);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !pool().panic());
	}

	/** Four clients for three seconds; none of their requests may fail. */
	private Attempts browse() throws InterruptedException {
		Attempts before = Attempts.of(running.topology());
		Browsing browsing = Browsing.start(running.topology().gateway().url(), 4);
		Thread.sleep(3_000);
		browsing.close();
		assertThat(browsing.failures()).as("first failure: %s", browsing.firstFailure()).isZero();
		return Attempts.of(running.topology()).since(before);
	}

	private void breakDisk(Node replica) throws IOException {
		Path uploads = running.topology().uploadDirectory(replica);
		try (var entries = Files.list(uploads)) {
			for (Path entry : entries.toList()) {
				Files.delete(entry);
			}
		}
		Files.delete(uploads);
		Files.writeString(uploads, "not a directory");
	}

	private void repairDisk(Node replica) throws IOException {
		Path uploads = running.topology().uploadDirectory(replica);
		if (Files.isRegularFile(uploads)) {
			Files.delete(uploads);
		}
	}

	private void awaitUnhealthy(Node replica) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> find(replica).map((instance) -> !instance.isHealthy() && instance.answering()).orElse(false));
	}

	private PoolView pool() {
		return running.topology().gateway().instances().pool(Pool.APP);
	}

	private Optional<InstanceView> find(Node replica) {
		return pool().instances().stream().filter((instance) -> instance.url().equals(replica.url())).findFirst();
	}

}
