package dev.scaleout.app.session;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code app.session.store=cluster}: the web application is marked distributable and its
 * host gets Tomcat's session cluster, so the container's own session manager replicates
 * every session between the replicas (see {@link TomcatSessionCluster}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "app.session.store", havingValue = "cluster")
class ClusterSessionConfig {

	@Bean
	SessionClusterMetrics sessionClusterMetrics() {
		return new SessionClusterMetrics();
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> sessionCluster(SessionProperties properties,
			SessionClusterMetrics metrics) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			context.setDistributable(true);
			context.getParent()
				.setCluster(TomcatSessionCluster.create(properties.cluster(), properties.maxActiveSessions(),
						metrics.throughput()));
			metrics.watch(context);
		});
	}

}
