package dev.scaleout.app.system;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this replica is: shown in {@code X-Instance}/{@code X-App-Version} headers, in
 * whoami, and as the {@code instance} tag of every metric.
 *
 * @param instanceId the replica's name; defaults to the name {@code docker compose ps}
 * shows in a compose container ({@link ContainerName}), to the host name elsewhere
 * @param version the application version this replica runs
 */
@ConfigurationProperties("app")
public record InstanceProperties(String instanceId, String version) {

	public InstanceProperties {
		if (instanceId == null || instanceId.isBlank()) {
			instanceId = hostName();
		}
		if (version == null || version.isBlank()) {
			version = "1";
		}
	}

	private static String hostName() {
		try {
			InetAddress local = InetAddress.getLocalHost();
			return ContainerName.of(local).orElse(local.getHostName());
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

}
