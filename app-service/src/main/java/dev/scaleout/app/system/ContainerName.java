package dev.scaleout.app.system;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Optional;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * The name {@code docker compose ps} shows for this container ({@code scaleout-app-2}),
 * where its host name is only the container id: a scaled service cannot be given one host
 * name per replica. Docker's embedded DNS server (127.0.0.11 inside every container on a
 * user-defined network) answers the reverse lookup of the container's address with
 * {@code NAME.NETWORK}; the system resolver cannot be asked, since it reads
 * {@code /etc/hosts} first, where the address maps to the container id.
 */
final class ContainerName {

	static final Path DOCKER_MARKER = Path.of("/.dockerenv");

	private static final String EMBEDDED_DNS = "dns://127.0.0.11";

	private ContainerName() {
	}

	/** Empty outside a Docker container, or when Docker's DNS does not know the name. */
	static Optional<String> of(InetAddress address) {
		return of(address, DOCKER_MARKER);
	}

	/** As {@link #of(InetAddress)}, with the file that marks a Docker container. */
	static Optional<String> of(InetAddress address, Path dockerMarker) {
		if (!Files.exists(dockerMarker) || !(address instanceof Inet4Address)) {
			return Optional.empty();
		}
		byte[] octets = address.getAddress();
		String reverse = (octets[3] & 0xff) + "." + (octets[2] & 0xff) + "." + (octets[1] & 0xff) + "."
				+ (octets[0] & 0xff) + ".in-addr.arpa";
		Hashtable<String, String> environment = new Hashtable<>();
		environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
		environment.put(Context.PROVIDER_URL, EMBEDDED_DNS);
		environment.put("com.sun.jndi.dns.timeout.initial", "500");
		environment.put("com.sun.jndi.dns.timeout.retries", "2");
		try {
			DirContext dns = new InitialDirContext(environment);
			try {
				Attribute pointer = dns.getAttributes(reverse, new String[] { "PTR" }).get("PTR");
				return (pointer != null) ? firstLabel(String.valueOf(pointer.get())) : Optional.empty();
			}
			finally {
				dns.close();
			}
		}
		catch (NamingException ex) {
			return Optional.empty();
		}
	}

	/** {@code scaleout-app-2.scaleout_default.} → {@code scaleout-app-2}. */
	static Optional<String> firstLabel(String name) {
		int dot = name.indexOf('.');
		String label = (dot >= 0) ? name.substring(0, dot) : name;
		return label.isBlank() ? Optional.empty() : Optional.of(label);
	}

}
