package dev.scaleout.app.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param drainDelay time between readiness turning OUT_OF_SERVICE and the web server
 * stopping, so that balancers see the replica leave before its port closes
 */
@ConfigurationProperties("app.shutdown")
public record ShutdownProperties(@DefaultValue("0s") Duration drainDelay) {
}
