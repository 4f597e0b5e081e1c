package dev.scaleout.app.chaos;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Faults and limits a replica can be told to have, so that users can watch what balancing
 * and autoscaling do with them. Off by default; never set in production.
 *
 * @param latency added to every {@code /api} request this replica handles (health probes
 * are not delayed, so the replica stays "healthy but slow")
 * @param capacity the most {@code /api} requests this replica works on at once, the
 * others waiting their turn in arrival order; 0 for no limit. With {@code latency} it
 * gives a replica a throughput that load can exceed (capacity / latency requests a
 * second), as a database pool or a replica's cores do, without burning this machine's
 * cores: what the {@code autoscale} experiment scales against. Probes never wait for it.
 * @param errors the percentage (0-100) of {@code /api} requests answered with a 500,
 * drawn at random, while health probes keep passing: a gray failure (a bad disk, a
 * poisoned cache, one broken dependency client) that only real traffic shows
 */
@ConfigurationProperties("app.chaos")
public record ChaosProperties(@DefaultValue("0ms") Duration latency, @DefaultValue("0") int capacity,
		@DefaultValue("0") int errors) {

	public ChaosProperties {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("app.chaos.latency must not be negative, was " + latency);
		}
		if (capacity < 0) {
			throw new IllegalArgumentException("app.chaos.capacity must be 0 (no limit) or more, was " + capacity);
		}
		if (errors < 0 || errors > 100) {
			throw new IllegalArgumentException("app.chaos.errors is a percentage, 0 to 100, was " + errors);
		}
	}

}
