package dev.scaleout.app.session;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Readiness of the session store: Redis must answer in {@code redis} mode (sessions) and
 * in {@code jwt} mode (the logout deny-list). {@code memory} needs nothing outside the
 * process.
 */
@Component("sessionStore")
class SessionStoreHealthIndicator implements HealthIndicator {

	private final SessionProperties properties;

	private final RedisConnectionFactory redis;

	SessionStoreHealthIndicator(SessionProperties properties, RedisConnectionFactory redis) {
		this.properties = properties;
		this.redis = redis;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up().withDetail("store", this.properties.store().name().toLowerCase());
		// Sessions in the replicas' own memory (replicated or not) need no Redis.
		if (this.properties.store() == SessionProperties.Store.MEMORY
				|| this.properties.store() == SessionProperties.Store.CLUSTER) {
			return health.build();
		}
		try (var connection = this.redis.getConnection()) {
			connection.ping();
			return health.build();
		}
		catch (RuntimeException ex) {
			return Health.down().withDetail("store", this.properties.store().name().toLowerCase()).build();
		}
	}

}
