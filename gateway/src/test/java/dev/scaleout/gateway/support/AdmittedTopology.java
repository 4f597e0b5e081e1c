package dev.scaleout.gateway.support;

import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One topology for a test class, started before its first test (and returned once the
 * gateway sends traffic to every replica) and closed after its last:
 * {@code @RegisterExtension static final AdmittedTopology running = new AdmittedTopology(spec);}.
 */
public final class AdmittedTopology implements BeforeAllCallback, AfterAllCallback {

	private final TopologySpec spec;

	private Topology topology;

	public AdmittedTopology(TopologySpec spec) {
		this.spec = spec;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.topology = Topologies.startAdmitted(this.spec);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.topology != null) {
			this.topology.close();
		}
	}

	public Topology topology() {
		if (this.topology == null) {
			throw new IllegalStateException("the topology starts before the class's first test");
		}
		return this.topology;
	}

}
