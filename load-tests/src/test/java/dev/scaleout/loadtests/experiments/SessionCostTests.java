package dev.scaleout.loadtests.experiments;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The cluster-cost arithmetic, on the request counts and bytes of the rows published on
 * 2026-12-02 (01:41-01:58): a figure that looked wrong (Redis traffic per replica 105
 * KiB/s on 2 replicas, 26 on 4) is the same 1,150 bytes per request over fewer requests
 * a second (the 2 shared cores run fewer with more replicas), split over more replicas.
 */
class SessionCostTests {

	@Test
	void redisTrafficPerReplicaIsBytesPerRequestTimesRateOverReplicas() {
		// 2 replicas: 8,786 requests, 1,148 bytes each, in a 48 s run.
		SessionCost two = redis(8786 * 1148.0, 48, 2, 8786);
		assertThat(two.bytesPerRequest().getAsDouble()).isCloseTo(1148, within(0.5));
		assertThat(two.trafficPerReplicaKiB()).isCloseTo(102.6, within(0.1));
		// 4 replicas: 4,454 requests of 1,153 bytes: half the rate, split four ways.
		SessionCost four = redis(4454 * 1153.0, 48, 4, 4454);
		assertThat(four.trafficPerReplicaKiB()).isCloseTo(26.1, within(0.1));
		assertThat(two.trafficPerReplicaKiB() * 2 / (four.trafficPerReplicaKiB() * 4))
			.as("the total, as the request rates: 8,786 / 4,454")
			.isCloseTo(8786 * 1148.0 / (4454 * 1153.0), within(0.001));
	}

	@Test
	void clusterTrafficCountsSentAndReceivedWhileBytesPerRequestCountsEachByteOnce() {
		// Two replicas: each sends 1,000 bytes that the other receives.
		SessionCost cost = new SessionCost(new SessionCost.Counter(0, 4000), new SessionCost.Counter(0, 2000), 1, 2,
				4);
		assertThat(cost.trafficPerReplicaKiB()).isCloseTo(2000 / 1024.0, within(1e-9));
		assertThat(cost.bytesPerRequest().getAsDouble()).isEqualTo(500);
	}

	@Test
	void copiesAndMemoryArePerReplica() {
		// primary-backup on 4 replicas: 20 sessions, each on two of them = 40 copies; 400 B each.
		assertThat(SessionCost.heldPerReplica(40, 4)).isEqualTo(10);
		assertThat(SessionCost.memoryPerReplicaKiB(40, 4 * 400, 4)).isCloseTo(10 * 400 / 1024.0, within(1e-9));
	}

	@Test
	void aRunWithoutRequestsHasNoBytesPerRequest() {
		assertThat(redis(1000, 10, 2, 0).bytesPerRequest()).isEmpty();
	}

	private static SessionCost redis(double bytes, double seconds, int replicas, long requests) {
		SessionCost.Counter counter = new SessionCost.Counter(1_000_000, 1_000_000 + bytes);
		return new SessionCost(counter, counter, seconds, replicas, requests);
	}

}
