package dev.scaleout.topology.gateway;

import java.util.Map;
import java.util.Optional;

import dev.scaleout.topology.settings.Pool;

/**
 * Everything {@code GET /gateway/instances} says at one moment: each pool by its name.
 */
public record GatewayView(Map<String, PoolView> pools) {

	/** The pool, or an empty one when the gateway has no instances for it. */
	public PoolView pool(Pool pool) {
		PoolView view = this.pools.get(pool.id());
		if (view == null) {
			throw new IllegalStateException("the gateway reports no pool '" + pool.id() + "': " + this.pools.keySet());
		}
		return view;
	}

	public Optional<InstanceView> instance(Pool pool, String id) {
		return pool(pool).instance(id);
	}

	/** Instances healthy in every pool. */
	public long healthy() {
		return this.pools.values().stream().mapToLong(PoolView::healthy).sum();
	}

}
