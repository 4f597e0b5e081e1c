package dev.scaleout.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.scaleout.topology.process.FreePorts;

/**
 * Which port each process of a topology listens on, at 127.0.0.1: {@link FixedPorts} for
 * the launcher (the port table users read in the README), {@link #free()} for tests.
 */
public interface Ports {

	/**
	 * The session store's Redis (with Sentinels: the data node that starts as primary).
	 */
	int redis();

	/** With Sentinels: the data node that starts as the replica. */
	int redisReplica();

	/** Sentinel {@code n}, from 1. */
	int sentinel(int n);

	/** Redlock node {@code n}, from 1. */
	int lockNode(int n);

	int objectStore();

	/** Replica {@code app-n}, from 1. */
	int replica(int n);

	int canary();

	int gateway();

	/** The gateway's actuator. */
	int gatewayManagement();

	/** The Tribes receiver of replica {@code app-n} (session store {@code cluster}). */
	int tribes(int n);

	int canaryTribes();

	/** Every port a fresh free one, handed out once. */
	static Ports free() {
		return new Free();
	}

	/** Free ports, each taken when first asked for and then kept. */
	final class Free implements Ports {

		private final Map<String, Integer> ports = new ConcurrentHashMap<>();

		private int port(String what) {
			return this.ports.computeIfAbsent(what, (key) -> FreePorts.next());
		}

		@Override
		public int redis() {
			return port("redis");
		}

		@Override
		public int redisReplica() {
			return port("redis-replica");
		}

		@Override
		public int sentinel(int n) {
			return port("sentinel-" + n);
		}

		@Override
		public int lockNode(int n) {
			return port("lock-" + n);
		}

		@Override
		public int objectStore() {
			return port("s3");
		}

		@Override
		public int replica(int n) {
			return port("app-" + n);
		}

		@Override
		public int canary() {
			return port("canary");
		}

		@Override
		public int gateway() {
			return port("gateway");
		}

		@Override
		public int gatewayManagement() {
			return port("gateway-management");
		}

		@Override
		public int tribes(int n) {
			return port("tribes-" + n);
		}

		@Override
		public int canaryTribes() {
			return port("tribes-canary");
		}

	}

}
