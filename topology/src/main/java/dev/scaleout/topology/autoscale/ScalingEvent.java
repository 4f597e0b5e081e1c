package dev.scaleout.topology.autoscale;

import java.time.Instant;

/**
 * What the supervisor did and why, for the log and the dashboard.
 *
 * @param replicasBefore replicas running before it
 * @param replicasAfter replicas running after it
 * @param reason in words: {@code in-flight 11.0 per replica > target 4}
 */
public record ScalingEvent(Instant at, Kind kind, String replica, int replicasBefore, int replicasAfter,
		String reason) {

	public enum Kind {

		/** Replicas added for the load. */
		SCALE_OUT,
		/** Replicas removed, gracefully, for want of load. */
		SCALE_IN,
		/** A replica that died started again. */
		REPLACED

	}

	/**
	 * {@code 3 → 5: in-flight 11.0 per replica > target 4},
	 * {@code app-2 replaced: it died}.
	 */
	public String text() {
		return switch (this.kind) {
			case SCALE_OUT, SCALE_IN -> this.replicasBefore + " → " + this.replicasAfter + ": " + this.reason;
			case REPLACED -> this.replica + " replaced: " + this.reason;
		};
	}

}
