package dev.scaleout.topology.gateway;

import java.util.List;
import java.util.Optional;

import dev.scaleout.topology.settings.Strategy;

/**
 * One pool as {@code GET /gateway/instances} reports it.
 *
 * @param panic too few instances are healthy (gateway.health.panic-threshold), so traffic
 * also goes to those that still answer
 */
public record PoolView(Strategy strategy, boolean panic, Totals totals, List<InstanceView> instances) {

	public Optional<InstanceView> instance(String id) {
		return this.instances.stream().filter((instance) -> instance.id().equals(id)).findFirst();
	}

	public long healthy() {
		return this.instances.stream().filter(InstanceView::isHealthy).count();
	}

	/**
	 * @param requests every request the pool's instances were sent
	 */
	public record Totals(int instances, long healthy, double requestsPerSecond, long requests, long errors,
			int inFlight) {
	}

}
