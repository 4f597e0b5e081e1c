package dev.scaleout.topology;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.scaleout.topology.gateway.GatewayClient;
import dev.scaleout.topology.gateway.GatewayView;
import dev.scaleout.topology.settings.Pool;

/** The gateway of a topology: its process, its addresses and its view of the replicas. */
public final class Gateway {

	public static final String NAME = "gateway";

	private final Node node;

	private final int managementPort;

	private final GatewayClient client;

	Gateway(Node node, int managementPort) {
		this.node = node;
		this.managementPort = managementPort;
		this.client = new GatewayClient(node.url());
	}

	public Node node() {
		return this.node;
	}

	/** Where users go: {@code http://127.0.0.1:8080}. */
	public String url() {
		return this.node.url();
	}

	/** The gateway's actuator, never proxied. */
	public String managementUrl() {
		return "http://127.0.0.1:" + this.managementPort;
	}

	public int managementPort() {
		return this.managementPort;
	}

	/** {@code GET /gateway/instances}, read into records. */
	public GatewayView instances() {
		return this.client.instances();
	}

	/** The same, or empty while the gateway does not answer. */
	public Optional<GatewayView> tryInstances() {
		return this.client.tryInstances();
	}

	public GatewayClient client() {
		return this.client;
	}

	/**
	 * Waits until the gateway's own health checks have admitted at least the given number
	 * of instances in each pool.
	 * @throws IllegalStateException with what the gateway sees, when that takes longer
	 */
	public void awaitHealthy(Map<Pool, Integer> expected, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String seen = "no answer";
		while (System.nanoTime() < deadline) {
			try {
				GatewayView view = instances();
				if (expected.entrySet()
					.stream()
					.allMatch((pool) -> view.pool(pool.getKey()).healthy() >= pool.getValue())) {
					return;
				}
				seen = describe(view);
			}
			catch (UncheckedIOException ex) {
				seen = "no answer (" + ex.getMessage() + ")";
			}
			Waiting.pause(200);
		}
		throw new IllegalStateException("the gateway does not see " + expected + " healthy after " + timeout.toSeconds()
				+ " s; it sees " + seen + "; see " + this.node.log());
	}

	private static String describe(GatewayView view) {
		StringBuilder text = new StringBuilder();
		view.pools().forEach((name, pool) -> {
			text.append(name).append(": ");
			pool.instances()
				.forEach((instance) -> text.append(instance.id()).append(' ').append(instance.state()).append(' '));
		});
		return text.toString().trim();
	}

}
