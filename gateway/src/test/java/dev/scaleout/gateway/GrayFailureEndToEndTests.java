package dev.scaleout.gateway;

import dev.scaleout.gateway.support.AdmittedTopology;
import dev.scaleout.gateway.support.Attempts;
import dev.scaleout.gateway.support.Browsing;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.gateway.PoolView;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * app-3 answers a fifth of its API requests with a 500 while its health checks pass
 * ({@code app.chaos.errors}, what {@code ./scaleout up --errors app-3=20%} sets): users
 * browsing through the gateway see almost none of it, because a failed GET is repeated on
 * another replica, and app-3 is soon ejected on its failure percentage.
 */
class GrayFailureEndToEndTests {

	@RegisterExtension
	static final AdmittedTopology running = new AdmittedTopology(TopologySpec.builder()
		.noCanary()
		.replica("app-3", AppKeys.CHAOS_ERRORS, 20)
		// Only the statistics eject here: a fifth failing also makes three in a row
		// now and then, which would hide whether they work.
		.gateway(GatewayKeys.OUTLIER_CONSECUTIVE_ERRORS, 1000)
		.build());

	@Test
	void usersSeeAtMostHalfAPercentFailedAndTheGrayReplicaGetsUnderFivePercentAfterTenSeconds()
			throws InterruptedException {
		try (Browsing browsing = Browsing.start(running.topology().gateway().url(), 4)) {
			Thread.sleep(10_000);
			Attempts atTen = Attempts.of(running.topology());
			Thread.sleep(15_000);
			Attempts afterTen = Attempts.of(running.topology()).since(atTen);
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
		PoolView pool = running.topology().gateway().instances().pool(Pool.APP);
		assertThat(pool.instance("app-3").map(InstanceView::ejectionReason).orElseThrow())
			.contains("requests failed (failure-percentage 10 %)");
	}

}
