package dev.scaleout.gateway;

import java.time.Duration;
import java.util.List;

import dev.scaleout.gateway.support.AdmittedTopology;
import dev.scaleout.gateway.support.Attempts;
import dev.scaleout.gateway.support.Browsing;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.gateway.DecisionView;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * app-3 answers every API request 300 ms late, round robin still sends it a third, and
 * hedging (after 50 ms) sends each of those again to another replica: the client gets the
 * other's answer, and almost none of app-3's.
 */
class HedgingEndToEndTests {

	@RegisterExtension
	static final AdmittedTopology running = new AdmittedTopology(TopologySpec.builder()
		.noCanary()
		.replica("app-3", AppKeys.CHAOS_LATENCY, Duration.ofMillis(300))
		.gateway(GatewayKeys.HEDGING_ENABLED, true)
		.gateway(GatewayKeys.HEDGING_DELAY, Duration.ofMillis(50))
		.build());

	@Test
	void aSlowReplicasRequestsAreAnsweredByTheOthersHedges() throws InterruptedException {
		Browsing browsing = Browsing.start(running.topology().gateway().url(), 4);
		Thread.sleep(2_000);
		Attempts before = Attempts.of(running.topology());
		long answeredBefore = browsing.requests();
		long app3Before = browsing.answeredBy("app-3");
		Thread.sleep(8_000);
		List<DecisionView> decisions = running.topology().gateway().client().decisions();
		browsing.close();
		Attempts tried = Attempts.of(running.topology()).since(before);
		long answered = browsing.requests() - answeredBefore;
		long byApp3 = browsing.answeredBy("app-3") - app3Before;
		System.out.printf("hedging: app-3 had %d of %d tries and answered %d of %d requests; p99 %d ms%n",
				tried.of("app-3"), tried.total(), byApp3, answered, browsing.percentileMillis(99));

		assertThat(browsing.failures()).as("first failure: %s", browsing.firstFailure()).isZero();
		// Round robin's third of the first tries, and the hedges on the other two.
		assertThat(tried.percentOf("app-3")).as("app-3's share of the tries").isBetween(15.0, 40.0);
		assertThat(100.0 * byApp3 / answered).as("app-3's share of the answers the clients got").isLessThan(5.0);
		assertThat(decisions).extracting(DecisionView::outcome).contains("hedge: 200");
		assertThat(decisions).filteredOn((decision) -> decision.instance().equals("app-3"))
			.extracting(DecisionView::outcome)
			.contains("cancelled: the other try was answered first");
	}

}
