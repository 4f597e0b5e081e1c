package dev.scaleout.topology.local;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.scaleout.topology.Node;
import dev.scaleout.topology.autoscale.Fleet;
import dev.scaleout.topology.autoscale.ScalingAnnouncer;
import dev.scaleout.topology.autoscale.ScalingEvent;
import dev.scaleout.topology.settings.Pool;

/**
 * The replicas of {@code ./scaleout}, as the autoscaler sees them: those the remembered
 * settings count, started, stopped and scaled as {@code ./scaleout start} and
 * {@code ./scaleout scale} do it.
 */
public final class LocalFleet implements Fleet {

	private final LocalTopology local;

	private final Consumer<String> say;

	public LocalFleet(LocalTopology local, Consumer<String> say) {
		this.local = local;
		this.say = say;
	}

	@Override
	public List<String> replicas() {
		return this.local.topology().replicas().stream().map(Node::name).toList();
	}

	@Override
	public boolean isRunning(String replica) {
		return this.local.node(replica).isRunning();
	}

	@Override
	public void replace(String replica) {
		this.local.start(replica);
	}

	@Override
	public void scaleTo(int replicas) {
		this.local.scale(replicas, this.say);
	}

	@Override
	public void announce(ScalingEvent event) {
		new ScalingAnnouncer(this.local.topology().gateway().managementUrl()).announce(event);
	}

	@Override
	public Optional<Load> load() {
		return this.local.topology().gateway().tryInstances().map((view) -> Load.of(view.pool(Pool.APP)));
	}

}
