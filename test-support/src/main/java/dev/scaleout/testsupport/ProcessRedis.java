package dev.scaleout.testsupport;

import java.time.Duration;

import dev.scaleout.topology.Node;
import dev.scaleout.topology.Redis;
import dev.scaleout.topology.RedisStore;

/**
 * A {@code redis-server} child process on a free port, without persistence: the
 * topology's own session store process, started on its own.
 */
final class ProcessRedis implements RedisServer {

	private final RedisStore store;

	private final Node node;

	private ProcessRedis(RedisStore store) {
		this.store = store;
		this.node = store.primary();
	}

	static ProcessRedis start() {
		return new ProcessRedis(RedisStore.start(Redis.standalone()));
	}

	@Override
	public String host() {
		return "127.0.0.1";
	}

	@Override
	public int port() {
		return this.node.port();
	}

	/** SIGKILL; returns once it is gone and its port refuses connections. */
	@Override
	public void stop() {
		this.node.kill();
	}

	@Override
	public void restart() {
		this.node.start().awaitReady(Duration.ofSeconds(10));
	}

	@Override
	public boolean isRunning() {
		return this.node.isRunning();
	}

	@Override
	public void close() {
		this.store.close();
	}

}
