package dev.scaleout.gateway.dashboard;

import java.time.Instant;
import java.util.List;

import dev.scaleout.gateway.balancing.InstancePool;

/**
 * One pool as the dashboard shows it.
 *
 * @param strategy how the balancer picks among the instances
 * @param panic too few instances are healthy (gateway.health.panic-threshold), so traffic
 * also goes to those that still answer
 */
record PoolView(String strategy, boolean panic, Totals totals, List<InstanceView> instances) {

	static PoolView of(InstancePool pool, TrafficSampler rates, Instant now) {
		List<InstanceView> instances = pool.instances()
			.stream()
			.map((instance) -> InstanceView.of(instance, rates.rateOf(instance),
					(int) Math.round(pool.slowStartWeight(instance, now) * 100)))
			.toList();
		return new PoolView(pool.strategyName().text(), pool.isPanicking(), Totals.of(instances), instances);
	}

	record Totals(int instances, long healthy, double requestsPerSecond, long requests, long errors, int inFlight) {

		static Totals of(List<InstanceView> instances) {
			return new Totals(instances.size(),
					instances.stream().filter((instance) -> instance.state().equals("healthy")).count(),
					instances.stream().mapToDouble(InstanceView::requestsPerSecond).sum(),
					instances.stream().mapToLong(InstanceView::requests).sum(),
					instances.stream().mapToLong(InstanceView::errors).sum(),
					instances.stream().mapToInt(InstanceView::inFlight).sum());
		}

	}

}
