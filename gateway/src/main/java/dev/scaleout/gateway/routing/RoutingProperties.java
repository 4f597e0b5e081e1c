package dev.scaleout.gateway.routing;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Edge limits.
 *
 * @param maxBodySize larger request bodies are refused with 413
 * @param loginRateLimit per-client limit of {@code POST /api/login}
 */
@ConfigurationProperties("gateway.routing")
@Validated
public record RoutingProperties(@DefaultValue("12MB") DataSize maxBodySize, @DefaultValue RateLimit loginRateLimit) {

	/**
	 * @param enabled whether login is rate limited
	 * @param replenishRate tokens per second per client
	 * @param burstCapacity the most requests a client can make at once
	 */
	public record RateLimit(@DefaultValue("true") boolean enabled, @Min(1) @DefaultValue("2") int replenishRate,
			@Min(1) @DefaultValue("10") int burstCapacity) {
	}

}
