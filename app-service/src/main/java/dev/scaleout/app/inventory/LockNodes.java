package dev.scaleout.app.inventory;

import java.util.ArrayList;
import java.util.List;

import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * One Redisson client per independent lock node. Lazily connected with short timeouts, so
 * a node that is down costs a fast failure rather than a failed start-up or a long wait,
 * and one that comes back is used again without a restart.
 */
class LockNodes implements AutoCloseable {

	private final List<RedissonClient> clients = new ArrayList<>();

	LockNodes(List<String> addresses) {
		for (String address : addresses) {
			Config config = new Config();
			config.setLazyInitialization(true);
			config.setThreads(2);
			config.setNettyThreads(4);
			config.useSingleServer()
				.setAddress(address)
				.setConnectTimeout(300)
				.setTimeout(300)
				.setRetryAttempts(0)
				.setConnectionMinimumIdleSize(1)
				.setConnectionPoolSize(16)
				.setPingConnectionInterval(1000);
			this.clients.add(Redisson.create(config));
		}
	}

	int size() {
		return this.clients.size();
	}

	/** The lock of this name on every node, in node order. */
	List<RLock> locks(String name) {
		return this.clients.stream().map((client) -> client.getLock(name)).toList();
	}

	/** How many nodes answer right now. */
	int reachable() {
		int reachable = 0;
		for (RedissonClient client : this.clients) {
			try {
				client.getBucket("scaleout:lock-node-ping").isExists();
				reachable++;
			}
			catch (RuntimeException ex) {
				// down: not counted
			}
		}
		return reachable;
	}

	@Override
	public void close() {
		this.clients.forEach(RedissonClient::shutdown);
	}

}
