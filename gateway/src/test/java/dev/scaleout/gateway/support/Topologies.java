package dev.scaleout.gateway.support;

import java.time.Duration;
import java.util.List;

import dev.scaleout.topology.Node;
import dev.scaleout.topology.Redis;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.Pool;

import static org.awaitility.Awaitility.await;

/** The topologies the gateway's end-to-end tests run, on the topology model. */
public final class Topologies {

	private Topologies() {
	}

	/**
	 * As in production: the session store as a primary and a replica under three
	 * Sentinels (the primary down after 1 s), three Redlock nodes, an S3 server,
	 * app-1..3, a canary and the gateway, which finds the replicas through instance
	 * files.
	 */
	public static TopologySpec.Builder productionLike() {
		return TopologySpec.builder().redis(Redis.sentinel(Duration.ofSeconds(1))).app(AppKeys.LOAD_TEST_USERS, 10);
	}

	/**
	 * Starts the topology and returns once the gateway sends traffic to every replica.
	 */
	public static Topology startAdmitted(TopologySpec spec) {
		Topology topology = Topology.owned(spec).start();
		int replicas = topology.replicas().size();
		await().atMost(Duration.ofSeconds(30)).until(() -> healthyReplicas(topology) == replicas);
		return topology;
	}

	/** Replicas of pool {@code app} the gateway counts healthy. */
	public static long healthyReplicas(Topology topology) {
		return topology.gateway().instances().pool(Pool.APP).healthy();
	}

	/** The replicas' own addresses, in order. */
	public static List<String> replicaUrls(Topology topology) {
		return topology.replicas().stream().map(Node::url).toList();
	}

}
