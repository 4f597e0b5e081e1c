package dev.scaleout.topology.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface for the processes of an owned topology
 * (tests).
 * <p>
 * Ports come from below the kernel's ephemeral range (32768-60999 on Linux): a port taken
 * with {@code new ServerSocket(0)} lies inside that range, and between our closing it and
 * the child process binding it, any outgoing connection (a Redis client, a health check)
 * may be given the same number, so the child fails with "port already in use". Ports
 * handed out once are never handed out again by this JVM.
 */
public final class FreePorts {

	private static final int LOWEST = 20000;

	private static final int HIGHEST = 32000;

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	public static int next() {
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
			if (!handedOut.contains(port) && isFree(port) && handedOut.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port on 127.0.0.1 between " + LOWEST + " and " + HIGHEST);
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
