package dev.scaleout.testsupport;

import dev.scaleout.topology.RedisStore;
import dev.scaleout.topology.process.FreePorts;

/**
 * A real Redis server for a test: a local {@code redis-server} process where the binary
 * is installed (as in CI), a Testcontainers container where only a Docker engine exists.
 * Either way it can be stopped and started again on the same port, which is what the
 * fault tests need.
 */
public interface RedisServer extends AutoCloseable {

	/**
	 * Starts a Redis server, choosing the backend this machine supports.
	 * @return a running server
	 */
	static RedisServer start() {
		if (RedisStore.binaryAvailable()) {
			return ProcessRedis.start();
		}
		if (RedisContainer.dockerAvailable()) {
			return RedisContainer.start(FreePorts.next());
		}
		throw new IllegalStateException("Neither redis-server on PATH nor a Docker engine is available. "
				+ "Install Redis (apt-get install -y redis-server) to run these tests.");
	}

	String host();

	int port();

	/** Stops the server; its port refuses connections until {@link #restart()}. */
	void stop();

	/** Starts the server again on the same port. */
	void restart();

	boolean isRunning();

	default String uri() {
		return "redis://" + host() + ":" + port();
	}

	@Override
	void close();

}
