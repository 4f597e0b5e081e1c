package dev.scaleout.app.inventory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of checkout under Redlock: a majority of the lock nodes must answer. Other
 * guards need no lock nodes.
 */
@Component("lockQuorum")
class LockQuorumHealthIndicator implements HealthIndicator {

	private final ObjectProvider<LockNodes> nodes;

	LockQuorumHealthIndicator(ObjectProvider<LockNodes> nodes) {
		this.nodes = nodes;
	}

	@Override
	public Health health() {
		LockNodes lockNodes = this.nodes.getIfAvailable();
		if (lockNodes == null) {
			return Health.up().withDetail("guard", "no lock nodes needed").build();
		}
		int reachable = lockNodes.reachable();
		int quorum = lockNodes.quorum();
		Health.Builder health = (reachable >= quorum) ? Health.up() : Health.down();
		return health.withDetail("reachable", reachable).withDetail("quorum", quorum).build();
	}

}
