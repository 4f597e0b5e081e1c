package dev.scaleout.testsupport;

import dev.scaleout.topology.RedisStore;
import dev.scaleout.topology.process.FreePorts;

/**
 * A real Redis server for a test: a local {@code redis-server} process where the binary
 * is installed (as in CI), a Testcontainers container where only a Docker engine exists.
 * Either way it can be stopped and started again on the same port, which is what the
 * fault tests need.
 * <p>
 * The system property {@value #BACKEND_PROPERTY} ({@code process} or {@code container})
 * picks one backend instead, so that a build with both can still prove the container path
 * works: app-service runs its Redis fault tests a second time that way.
 */
public interface RedisServer extends AutoCloseable {

	/** The system property that forces one backend; unset means the first available. */
	String BACKEND_PROPERTY = "test.redis";

	/**
	 * Starts a Redis server on the backend {@value #BACKEND_PROPERTY} names, or on the
	 * first this machine supports.
	 * @return a running server
	 */
	static RedisServer start() {
		String backend = System.getProperty(BACKEND_PROPERTY, "");
		switch (backend) {
			case "process" -> {
				return ProcessRedis.start();
			}
			case "container" -> {
				if (!RedisContainer.dockerAvailable()) {
					throw new IllegalStateException(BACKEND_PROPERTY + "=container, but Testcontainers finds no Docker "
							+ "engine. Start one (sudo .ci/docker-engine on Debian 12).");
				}
				return RedisContainer.start(FreePorts.next());
			}
			case "" -> {
				// the first available, below
			}
			default -> throw new IllegalArgumentException(
					BACKEND_PROPERTY + "=" + backend + " names no backend: use process or container");
		}
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
