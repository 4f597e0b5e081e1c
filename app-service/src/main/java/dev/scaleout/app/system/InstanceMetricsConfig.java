package dev.scaleout.app.system;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tags every metric with the replica's name, so dashboards can split traffic per instance
 * however the replicas are discovered.
 */
@Configuration(proxyBeanMethods = false)
class InstanceMetricsConfig {

	@Bean
	MeterRegistryCustomizer<MeterRegistry> instanceTag(InstanceProperties instance) {
		return (registry) -> registry.config()
			.commonTags("instance_id", instance.instanceId(), "app_version", instance.version());
	}

}
