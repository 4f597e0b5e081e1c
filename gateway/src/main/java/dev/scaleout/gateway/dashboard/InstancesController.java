package dev.scaleout.gateway.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.scaleout.gateway.balancing.Instance;
import dev.scaleout.gateway.balancing.InstancePool;
import dev.scaleout.gateway.balancing.PoolRegistry;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the gateway knows of every instance, for the dashboard and for tests.
 */
@RestController
class InstancesController {

	private final PoolRegistry pools;

	InstancesController(PoolRegistry pools) {
		this.pools = pools;
	}

	@GetMapping("/gateway/instances")
	Map<String, PoolView> instances() {
		Map<String, PoolView> view = new java.util.LinkedHashMap<>();
		this.pools.pools().forEach((name, pool) -> view.put(name, PoolView.of(pool)));
		return view;
	}

	/**
	 * @param panic no instance is healthy, so traffic goes to those that still answer
	 */
	record PoolView(String strategy, boolean panic, List<InstanceView> instances) {

		static PoolView of(InstancePool pool) {
			return new PoolView(pool.strategyName().name().toLowerCase().replace('_', '-'), pool.isPanicking(),
					pool.instances().stream().map(InstanceView::of).toList());
		}

	}

	record InstanceView(String id, String url, String state, boolean answering, int inFlight, long requests,
			long errors, Instant lastStateChange, int weight) {

		static InstanceView of(Instance instance) {
			return new InstanceView(instance.id(), instance.url().toString(), instance.state().name().toLowerCase(),
					instance.isAnswering(), instance.inFlight(), instance.requests(), instance.errors(),
					instance.lastStateChange(), instance.weight());
		}

	}

}
