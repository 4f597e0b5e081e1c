package dev.scaleout.gateway;

import java.time.Duration;
import java.util.Map;

import dev.scaleout.gateway.support.AdmittedTopology;
import dev.scaleout.gateway.support.Attempts;
import dev.scaleout.gateway.support.Browsing;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.HashSource;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consistent hashing on the client's address with {@code hash-balance-factor} 150: one
 * client (every test client is 127.0.0.1: one hot key) keeps its replica while it sends
 * one request at a time, and overflows to the next replicas on the ring once it has more
 * in flight than 150 % of the average, instead of burying its owner under all of it.
 */
class BoundedLoadEndToEndTests {

	@RegisterExtension
	static final AdmittedTopology running = new AdmittedTopology(TopologySpec.builder()
		.noCanary()
		.strategy(Strategy.CONSISTENT_HASH)
		.hashKey(HashSource.CLIENT_IP, "SESSION")
		.gateway(GatewayKeys.pool(Pool.APP).hashBalanceFactor(), 150)
		// Each answer takes 50 ms, so that a dozen clients keep a dozen requests in
		// flight.
		.app(AppKeys.CHAOS_LATENCY, Duration.ofMillis(50))
		.build());

	@Test
	void oneClientAtATimeStaysOnItsReplica() throws InterruptedException {
		Attempts before = Attempts.of(running.topology());
		Browsing browsing = Browsing.start(running.topology().gateway().url(), 1);
		Thread.sleep(3_000);
		browsing.close();
		Attempts measured = Attempts.of(running.topology()).since(before);

		assertThat(browsing.failures()).isZero();
		assertThat(busiest(measured).getValue()).as("attempts on its replica of %s", measured.byReplica())
			.isEqualTo(measured.total());
	}

	@Test
	void aHotKeyOverflowsToTheNextReplicasInsteadOfBuryingItsOwner() throws InterruptedException {
		Attempts before = Attempts.of(running.topology());
		Browsing browsing = Browsing.start(running.topology().gateway().url(), 12);
		Thread.sleep(6_000);
		browsing.close();
		Attempts measured = Attempts.of(running.topology()).since(before);
		Map.Entry<String, Long> owner = busiest(measured);
		System.out.printf("bounded load: %s, %d requests, p99 %d ms%n", measured.byReplica(), browsing.requests(),
				browsing.percentileMillis(99));

		assertThat(browsing.failures()).as("first failure: %s", browsing.firstFailure()).isZero();
		// Unbounded, the owner takes all of it. Bounded at 150 %, it holds at most 7 of
		// the 12 in flight.
		assertThat(measured.percentOf(owner.getKey())).as("the owner's share of %s", measured.byReplica())
			.isLessThan(70.0);
		// The overflow goes to the next replica on the ring (and on, once that is full
		// too), the same one for every request of this key.
		assertThat(measured.byReplica().values().stream().sorted().toList().get(1) * 100.0 / measured.total())
			.as("the next replica's share of %s", measured.byReplica())
			.isGreaterThan(20.0);
	}

	private static Map.Entry<String, Long> busiest(Attempts attempts) {
		return attempts.byReplica().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
	}

}
