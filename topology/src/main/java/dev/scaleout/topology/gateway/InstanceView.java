package dev.scaleout.topology.gateway;

import java.time.Instant;

/**
 * One instance as {@code GET /gateway/instances} reports it. Every property the gateway
 * sends is here and none other: the reading fails when the two drift apart
 * ({@code InstancesContractTests} in the gateway holds it to the real controller).
 *
 * @param id the replica's name ({@code app-2}), from its {@code X-Instance} header
 * @param state what the balancer does with it: only {@link State#HEALTHY} ones are chosen
 * (unless the pool panics)
 * @param draining its readiness said it is shutting down
 * @param answering its last health check reached a live process
 * @param requests requests the gateway has sent it since it first knew it: every time the
 * balancer chose it, a retry elsewhere included
 * @param errors requests it could not answer properly (5xx, reset, refused)
 * @param lastStateChange when the gateway last changed its state (the gateway's clock)
 * @param ejectionReason why it was last ejected, with the figure that decided it; empty
 * until it is
 * @param slowStartPercent the percentage of its share the balancer gives it now: below
 * 100 while it warms up after being admitted (slow start), 100 once warm
 * @param concurrencyLimit how many requests the gateway lets be in flight on it now
 * (adaptive concurrency); 0 when the gateway sets no limit
 */
public record InstanceView(String id, String url, String version, State state, boolean draining, boolean answering,
		int inFlight, long requests, long errors, double requestsPerSecond, double share, Instant lastStateChange,
		int weight, String ejectionReason, int slowStartPercent, int concurrencyLimit) {

	public boolean isHealthy() {
		return this.state == State.HEALTHY;
	}

	/** The balancer's view of an instance. */
	public enum State {

		HEALTHY, EJECTED, UNHEALTHY

	}

}
