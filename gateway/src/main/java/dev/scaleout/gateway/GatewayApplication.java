package dev.scaleout.gateway;

import java.security.Security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GatewayApplication {

	public static void main(String[] args) {
		// DNS discovery re-resolves every few seconds; the JVM's own cache must not hide
		// changes.
		Security.setProperty("networkaddress.cache.ttl", "1");
		Security.setProperty("networkaddress.cache.negative.ttl", "0");
		Transport.configured().install();
		SpringApplication.run(GatewayApplication.class, args);
	}

}
