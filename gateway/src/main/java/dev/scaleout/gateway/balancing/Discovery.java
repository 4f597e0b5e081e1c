package dev.scaleout.gateway.balancing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where a pool's instances are: a static list of URLs (in configuration or in a file the
 * launcher rewrites), or every address a DNS name resolves to (a Compose service scaled
 * to N, a Kubernetes headless Service).
 */
final class Discovery {

	private Discovery() {
	}

	/**
	 * @return the instance URLs, or {@code null} when the DNS name could not be resolved
	 * (the caller keeps what it had; health checks judge those)
	 */
	static Set<URI> resolve(GatewayProperties.Discovery discovery) {
		Set<URI> urls = new LinkedHashSet<>(discovery.urls());
		if (discovery.file() != null && !discovery.file().isBlank()) {
			try {
				Files.readAllLines(Path.of(discovery.file()))
					.stream()
					.map(String::trim)
					.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
					.forEach((line) -> urls.add(URI.create(line)));
			}
			catch (IOException | IllegalArgumentException ex) {
				return null;
			}
		}
		if (discovery.dnsName() == null || discovery.dnsName().isBlank()) {
			return urls;
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(discovery.dnsName())) {
				String host = address.getHostAddress();
				if (host.contains(":")) {
					host = "[" + host + "]";
				}
				urls.add(URI.create("http://" + host + ":" + discovery.port()));
			}
			return urls;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
