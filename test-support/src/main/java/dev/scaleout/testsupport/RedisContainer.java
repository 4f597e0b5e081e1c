package dev.scaleout.testsupport;

import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Redis in a Testcontainers container, bound to a fixed host port so that a stop and a
 * restart keep the address the application under test was given.
 */
final class RedisContainer implements RedisServer {

	private static final String IMAGE = "redis:7.4-alpine";

	private final int port;

	private GenericContainer<?> container;

	private RedisContainer(int port) {
		this.port = port;
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	static RedisContainer start(int port) {
		RedisContainer redis = new RedisContainer(port);
		redis.restart();
		return redis;
	}

	@Override
	public String host() {
		return "127.0.0.1";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	@SuppressWarnings("resource")
	public synchronized void restart() {
		if (isRunning()) {
			return;
		}
		this.container = new GenericContainer<>(IMAGE).withExposedPorts(6379).waitingFor(Wait.forListeningPort());
		this.container.setPortBindings(List.of(this.port + ":6379"));
		this.container.start();
	}

	@Override
	public synchronized void stop() {
		if (this.container != null) {
			this.container.stop();
			this.container = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.container != null && this.container.isRunning();
	}

	@Override
	public void close() {
		stop();
	}

}
