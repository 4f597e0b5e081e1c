package dev.scaleout.loadtests.experiments;

import java.util.OptionalDouble;

/**
 * The figures of one {@code cluster-cost} row, from the counters read before and after
 * the run: kept apart from the reading so that a test can hold the arithmetic to
 * hand-made numbers.
 *
 * @param bytes the session bytes counted, before and after: sent and received on the
 * cluster channel by every replica, or in and out of Redis
 * @param sent the bytes counted once, before and after: what the replicas sent, or in
 * and out of Redis
 * @param seconds how long the run took
 * @param replicas how many replicas shared it
 * @param requests the requests of the run
 */
record SessionCost(Counter bytes, Counter sent, double seconds, int replicas, long requests) {

	record Counter(double before, double after) {

		double growth() {
			return this.after - this.before;
		}

	}

	/** KiB/s per replica: what each replica's link carries for the sessions. */
	double trafficPerReplicaKiB() {
		return this.bytes.growth() / this.seconds / this.replicas / 1024;
	}

	/** Every byte once, per request: independent of how fast the shared CPU let the run go. */
	OptionalDouble bytesPerRequest() {
		return (this.requests > 0) ? OptionalDouble.of(this.sent.growth() / this.requests) : OptionalDouble.empty();
	}

	/**
	 * @param sessionsSummed the replicas' session counts, summed
	 * @param averageSizeSummed the replicas' average session sizes (bytes), summed
	 * @return the session copies each replica holds
	 */
	static double heldPerReplica(double sessionsSummed, int replicas) {
		return sessionsSummed / replicas;
	}

	/** KiB of sessions per replica: copies held × the replicas' mean session size. */
	static double memoryPerReplicaKiB(double sessionsSummed, double averageSizeSummed, int replicas) {
		return heldPerReplica(sessionsSummed, replicas) * (averageSizeSummed / replicas) / 1024;
	}

}
