package dev.scaleout.topology.autoscale;

import java.util.List;
import java.util.Optional;

import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.gateway.PoolView;

/** The replicas a {@link Supervisor} keeps running and sizes. */
public interface Fleet {

	/** The replicas that should run now: {@code app-1 .. app-N}. */
	List<String> replicas();

	boolean isRunning(String replica);

	/** Starts a replica again and returns once the gateway can admit it. */
	void replace(String replica);

	/**
	 * Runs {@code replicas} replicas: new ones start and are admitted by the gateway;
	 * those beyond leave the gateway first, then get SIGTERM and drain.
	 */
	void scaleTo(int replicas);

	/** What the gateway measures of the replicas now, if it answers. */
	Optional<Load> load();

	/** Tells whoever shows the fleet (the gateway's dashboard) what was done to it. */
	default void announce(ScalingEvent event) {
	}

	/**
	 * @param inFlight requests in flight to the pool's healthy replicas, all together
	 * @param healthy how many replicas the gateway sends traffic to
	 */
	record Load(int inFlight, long healthy) {

		/** What the gateway reports of the replicas' pool. */
		public static Load of(PoolView pool) {
			int inFlight = pool.instances()
				.stream()
				.filter(InstanceView::isHealthy)
				.mapToInt(InstanceView::inFlight)
				.sum();
			return new Load(inFlight, pool.healthy());
		}

	}

}
