package dev.scaleout.app.chaos;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Faults a replica can be told to have, so that users can watch what balancing does with
 * a slow replica. Off by default; never set in production.
 *
 * @param latency added to every {@code /api} request this replica handles (health probes
 * are not delayed, so the replica stays "healthy but slow")
 */
@ConfigurationProperties("app.chaos")
public record ChaosProperties(@DefaultValue("0ms") Duration latency) {

	public ChaosProperties {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("app.chaos.latency must not be negative, was " + latency);
		}
	}

}
