package dev.scaleout.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.scaleout.gateway.support.AdmittedTopology;
import dev.scaleout.gateway.support.Attempts;
import dev.scaleout.gateway.support.Browsing;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.settings.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica that joins under load is brought up to its share over the slow-start window
 * (10 s by default) instead of taking a third of the traffic with a cold JIT the moment
 * it is admitted.
 */
class SlowStartEndToEndTests {

	@RegisterExtension
	static final AdmittedTopology running = new AdmittedTopology(TopologySpec.builder().noCanary().replicas(2).build());

	@Test
	void aReplicaThatJoinsUnderLoadIsRampedUpToItsShare() throws InterruptedException {
		Browsing browsing = Browsing.start(running.topology().gateway().url(), 4);
		Node joining = running.topology().addReplica();
		joining.start().awaitReady(Topology.START);
		running.topology().writeInstanceFiles();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> find(joining).map(InstanceView::isHealthy).orElse(false));
		Instant admitted = view(joining).lastStateChange();
		Attempts atAdmission = Attempts.of(running.topology());
		Thread.sleep(3_000);
		Attempts firstSeconds = Attempts.of(running.topology()).since(atAdmission);
		int rampNow = view(joining).slowStartPercent();

		// Past the 10 s window (by the gateway's clock, which stamped the admission).
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), admitted.plusSeconds(11)).toMillis()));
		Attempts warm = Attempts.of(running.topology());
		Thread.sleep(3_000);
		Attempts afterWindow = Attempts.of(running.topology()).since(warm);
		browsing.close();
		System.out.printf(
				"slow start: %s had %.1f %% of %d attempts in its first 3 s (ramp at %d %%), %.1f %% of %d after the window%n",
				joining.name(), firstSeconds.percentOf(joining.name()), firstSeconds.total(), rampNow,
				afterWindow.percentOf(joining.name()), afterWindow.total());

		assertThat(browsing.failures()).as("first failure: %s", browsing.firstFailure()).isZero();
		// Without slow start a third; with it about 6 % (10 % of its share, rising to 30
		// %).
		assertThat(firstSeconds.percentOf(joining.name())).as("share in its first 3 s").isLessThan(15.0);
		assertThat(rampNow).as("the dashboard's ramp 3 s in").isBetween(20, 50);
		assertThat(afterWindow.percentOf(joining.name())).as("share once warm").isGreaterThan(25.0);
		assertThat(view(joining).slowStartPercent()).isEqualTo(100);
	}

	private InstanceView view(Node replica) {
		return find(replica).orElseThrow(() -> new AssertionError(replica.name() + " left the gateway's pool"));
	}

	/** By address: the gateway learns the replica's name from its first answer. */
	private Optional<InstanceView> find(Node replica) {
		return running.topology()
			.gateway()
			.instances()
			.pool(Pool.APP)
			.instances()
			.stream()
			.filter((instance) -> instance.url().equals(replica.url()))
			.findFirst();
	}

}
