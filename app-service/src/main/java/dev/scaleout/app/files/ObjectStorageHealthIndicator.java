package dev.scaleout.app.files;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of uploads: the bucket (or, for the {@code local} type, the replica's upload
 * directory) must be usable.
 */
@Component("objectStorage")
class ObjectStorageHealthIndicator implements HealthIndicator {

	private final FileStore store;

	ObjectStorageHealthIndicator(FileStore store) {
		this.store = store;
	}

	@Override
	public Health health() {
		try {
			this.store.checkReachable();
			return Health.up().withDetail("location", this.store.location()).build();
		}
		catch (RuntimeException ex) {
			return Health.down().withDetail("location", this.store.location()).build();
		}
	}

}
