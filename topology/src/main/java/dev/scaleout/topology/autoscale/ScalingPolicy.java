package dev.scaleout.topology.autoscale;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many replicas the load asks for: the Kubernetes HorizontalPodAutoscaler's rule,
 * {@code desired = ceil(current × observed / target)}, on the requests in flight per
 * replica that the gateway counts, bounded by {@code min..max}.
 * <p>
 * In flight, not requests per second: by Little's law in-flight is arrival rate × time in
 * the replica, so it rises both when more requests come and when each takes longer (a
 * replica saturating), whatever a request costs; a requests-per-second target holds only
 * for the one request mix it was measured with.
 *
 * @param min the fewest replicas, however idle
 * @param max the most, however loaded
 * @param targetInFlight the requests in flight per replica the fleet is sized for
 * @param tolerance no change while observed / target is within {@code 1 ± tolerance} (the
 * HPA's {@code --horizontal-pod-autoscaler-tolerance}, 0.1)
 * @param scaleUpWindow scale-up stabilization: the lowest recommendation of this window
 * wins (HPA default: 0 s, react at once)
 * @param scaleDownWindow scale-down stabilization: the highest recommendation of this
 * window wins (HPA default: 300 s), so a dip does not remove replicas the next burst
 * needs
 * @param metricWindow in-flight is averaged over this long (the HPA reads metrics-server,
 * whose figures are averages of 15 s and more)
 * @param scaleUpStep the most replicas one decision adds (the HPA's {@code scaleUp}
 * policies; its default allows 4 pods or 100 % more per 15 s, whichever is more). The
 * next decision comes once they are admitted, on what the bigger fleet then sees
 */
public record ScalingPolicy(int min, int max, double targetInFlight, double tolerance, Duration scaleUpWindow,
		Duration scaleDownWindow, Duration metricWindow, int scaleUpStep) {

	/**
	 * Requests in flight per replica the fleet is sized for, here and in k8s' HPA
	 * ({@code k8s/components/in-flight-autoscaling}).
	 */
	public static final double TARGET_IN_FLIGHT = 4;

	/**
	 * Where each replica counts its own requests in flight, for Kubernetes: Micrometer's
	 * {@code http.server.requests.active}, exported as a gauge histogram (app-service
	 * turns on histograms for {@code http.server.requests}) whose {@code _gcount} is the
	 * count. The gateway's count, which the local supervisor reads, also holds requests
	 * waiting for a connection or a thread of the replica; a replica's own holds only
	 * those it took.
	 */
	public static final String REPLICA_IN_FLIGHT_SERIES = "http_server_requests_active_seconds_gcount";

	/** The pods metric prometheus-adapter serves that series as, and the HPA reads. */
	public static final String HPA_IN_FLIGHT_METRIC = "http_server_requests_in_flight";

	private static final Pattern RANGE = Pattern.compile("([1-9][0-9]?)\\.\\.([1-9][0-9]?)");

	public ScalingPolicy {
		if (min < 1 || max < min) {
			throw new IllegalArgumentException(
					"--autoscale needs MIN..MAX with 1 <= MIN <= MAX, was " + min + ".." + max);
		}
		if (targetInFlight <= 0) {
			throw new IllegalArgumentException("the target of in-flight requests per replica must be above 0");
		}
		if (scaleUpStep < 1) {
			throw new IllegalArgumentException("a scale-up must add at least one replica, was " + scaleUpStep);
		}
	}

	/**
	 * Short windows for a demonstration on one machine; {@link #hpaDefaults} for
	 * Kubernetes'. One replica starts at a time: on this machine's two cores a JVM's
	 * start-up takes most of the CPU the fleet serves with, and three at once starved the
	 * serving replicas' health checks until the gateway took them out ({@code experiment
	 * autoscale}, 2026-12-02); on separate nodes a starting pod takes no one's CPU.
	 */
	public static ScalingPolicy demo(int min, int max) {
		return new ScalingPolicy(min, max, TARGET_IN_FLIGHT, 0.1, Duration.ZERO, Duration.ofSeconds(20),
				Duration.ofSeconds(5), 1);
	}

	/**
	 * The HorizontalPodAutoscaler's own defaults (autoscaling/v2 behavior), for
	 * comparison.
	 */
	public static ScalingPolicy hpaDefaults(int min, int max, double targetInFlight) {
		return new ScalingPolicy(min, max, targetInFlight, 0.1, Duration.ZERO, Duration.ofSeconds(300),
				Duration.ofSeconds(15), 4);
	}

	/**
	 * {@code 2..6}, as {@code --autoscale} takes it, with the demonstration's windows.
	 */
	public static ScalingPolicy parse(String range) {
		Matcher matcher = RANGE.matcher(range.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("--autoscale needs MIN..MAX, e.g. 2..6, was '" + range + "'");
		}
		return demo(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
	}

	/**
	 * The replicas the load asks for, before stabilization.
	 * @param current the replicas running
	 * @param observed requests in flight per replica, averaged
	 */
	public int desired(int current, double observed) {
		double ratio = observed / this.targetInFlight;
		int desired = (Math.abs(ratio - 1) <= this.tolerance) ? current : (int) Math.ceil(current * ratio);
		return bound(desired);
	}

	/** {@code replicas}, raised to {@link #min} or lowered to {@link #max}. */
	public int bound(int replicas) {
		return Math.max(this.min, Math.min(this.max, replicas));
	}

	/** {@code 2..6}: what {@link #parse} reads. */
	public String range() {
		return this.min + ".." + this.max;
	}

	public ScalingPolicy withTarget(double targetInFlight) {
		return new ScalingPolicy(this.min, this.max, targetInFlight, this.tolerance, this.scaleUpWindow,
				this.scaleDownWindow, this.metricWindow, this.scaleUpStep);
	}

	public ScalingPolicy withWindows(Duration scaleUp, Duration scaleDown, Duration metric) {
		return new ScalingPolicy(this.min, this.max, this.targetInFlight, this.tolerance, scaleUp, scaleDown, metric,
				this.scaleUpStep);
	}

	public ScalingPolicy withScaleUpStep(int scaleUpStep) {
		return new ScalingPolicy(this.min, this.max, this.targetInFlight, this.tolerance, this.scaleUpWindow,
				this.scaleDownWindow, this.metricWindow, scaleUpStep);
	}

	@Override
	public String toString() {
		return range() + " on in-flight " + this.targetInFlight + " per replica (up window "
				+ this.scaleUpWindow.toSeconds() + " s, down window " + this.scaleDownWindow.toSeconds() + " s, "
				+ ((this.scaleUpStep == 1) ? "one replica" : "up to " + this.scaleUpStep + " replicas")
				+ " started at a time)";
	}

}
