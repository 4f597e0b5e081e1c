package dev.scaleout.topology.autoscale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.settings.Pool;

/**
 * The replicas of a {@link Topology} with a gateway. A new replica is admitted through
 * the gateway's instance file once it is ready; one scaled in leaves that file first,
 * then gets SIGTERM: its readiness turns down and it finishes what it has, while the
 * gateway already sends it nothing new.
 */
public final class TopologyFleet implements Fleet {

	/** Twice what the gateway takes to re-read its instance file. */
	static final Duration GATEWAY_NOTICES = Topology.FILE_REFRESH.multipliedBy(2);

	private final Topology topology;

	public TopologyFleet(Topology topology) {
		this.topology = topology;
	}

	@Override
	public List<String> replicas() {
		return this.topology.replicas().stream().map(Node::name).toList();
	}

	@Override
	public boolean isRunning(String replica) {
		return this.topology.replica(replica).isRunning();
	}

	@Override
	public void replace(String replica) {
		this.topology.replica(replica).start().awaitReady(Topology.START);
	}

	@Override
	public void scaleTo(int replicas) {
		List<Node> added = new ArrayList<>();
		while (this.topology.replicas().size() < replicas) {
			added.add(this.topology.addReplica());
		}
		added.forEach(Node::start);
		added.forEach((node) -> node.awaitReady(Topology.START));
		List<Node> removed = new ArrayList<>();
		while (this.topology.replicas().size() > replicas) {
			removed.add(this.topology.removeReplica());
		}
		this.topology.writeInstanceFiles();
		if (!removed.isEmpty()) {
			pause(GATEWAY_NOTICES);
			removed.parallelStream().forEach(Node::terminate);
		}
	}

	@Override
	public void announce(ScalingEvent event) {
		new ScalingAnnouncer(this.topology.gateway().managementUrl()).announce(event);
	}

	@Override
	public Optional<Load> load() {
		return this.topology.gateway().tryInstances().map((view) -> Load.of(view.pool(Pool.APP)));
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
