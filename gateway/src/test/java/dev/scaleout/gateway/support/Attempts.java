package dev.scaleout.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.scaleout.topology.Topology;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.settings.Pool;

/**
 * Requests the gateway sent each replica of pool {@code app}: every attempt, retries
 * included, as {@code GET /gateway/instances} counts them.
 */
public record Attempts(Map<String, Long> byReplica) {

	public static Attempts of(Topology topology) {
		Map<String, Long> byReplica = new LinkedHashMap<>();
		for (InstanceView instance : topology.gateway().instances().pool(Pool.APP).instances()) {
			byReplica.put(instance.id(), instance.requests());
		}
		return new Attempts(Map.copyOf(byReplica));
	}

	/** The attempts made after {@code before}. */
	public Attempts since(Attempts before) {
		Map<String, Long> since = new LinkedHashMap<>();
		this.byReplica.forEach((replica, count) -> since.put(replica, count - before.of(replica)));
		return new Attempts(Map.copyOf(since));
	}

	public long of(String replica) {
		return this.byReplica.getOrDefault(replica, 0L);
	}

	public long total() {
		return this.byReplica.values().stream().mapToLong(Long::longValue).sum();
	}

	/** The replica's share of the attempts, in percent. */
	public double percentOf(String replica) {
		return (total() == 0) ? 0 : 100.0 * of(replica) / total();
	}

}
