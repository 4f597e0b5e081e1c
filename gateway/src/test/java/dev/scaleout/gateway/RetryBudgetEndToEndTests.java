package dev.scaleout.gateway;

import dev.scaleout.gateway.support.AdmittedTopology;
import dev.scaleout.gateway.support.Attempts;
import dev.scaleout.gateway.support.Browsing;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.settings.AppKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every replica answers every API request with a 500 while its health checks pass: the
 * gateway retries failed GETs on other replicas, but only as far as the retry budget lets
 * it (20 % of the requests in flight, at least 3), so the fleet gets little more than the
 * requests its clients send, not three times as many.
 */
class RetryBudgetEndToEndTests {

	/** Clients at once: enough that the budget's share, not its floor of 3, decides. */
	static final int CLIENTS = 24;

	@RegisterExtension
	static final AdmittedTopology running = new AdmittedTopology(
			TopologySpec.builder().noCanary().app(AppKeys.CHAOS_ERRORS, 100).build());

	@Test
	void aFleetFailingEveryRequestGetsRetriesWithinTheBudgetNotAStorm() throws InterruptedException {
		Attempts before = Attempts.of(running.topology());
		Browsing browsing = Browsing.start(running.topology().gateway().url(), CLIENTS);
		Thread.sleep(8_000);
		browsing.close();
		long sent = Attempts.of(running.topology()).since(before).total();
		double perRequest = (double) sent / browsing.requests();
		System.out.printf("retry budget: %d client requests, %d attempts (%.2f a request)%n", browsing.requests(), sent,
				perRequest);

		assertThat(browsing.failures()).as("every request fails: the fleet does").isEqualTo(browsing.requests());
		assertThat(perRequest).as("attempts a request: retried, within the budget").isBetween(1.05, 1.5);
	}

}
