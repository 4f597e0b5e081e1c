package dev.scaleout.app.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.redisson.Redisson;
import org.redisson.api.RFencedLock;
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

	private final AtomicReferenceArray<Boolean> up;

	private final ScheduledExecutorService pinger;

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
		this.up = new AtomicReferenceArray<>(this.clients.size());
		for (int i = 0; i < this.clients.size(); i++) {
			this.up.set(i, true);
		}
		// A dead node would cost every lock attempt its connect timeout; knowing it is
		// down,
		// checkout skips it (the quorum still counts every node) until a ping finds it
		// back.
		this.pinger = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "lock-node-ping");
			thread.setDaemon(true);
			return thread;
		});
		this.pinger.scheduleWithFixedDelay(this::ping, 0, 250, TimeUnit.MILLISECONDS);
	}

	/** The majority of all configured nodes, reachable or not. */
	int quorum() {
		return this.clients.size() / 2 + 1;
	}

	int size() {
		return this.clients.size();
	}

	/** The lock of this name on every node that answered its last ping, in node order. */
	List<RLock> locks(String name) {
		List<RLock> locks = new ArrayList<>();
		for (int i = 0; i < this.clients.size(); i++) {
			if (this.up.get(i)) {
				locks.add(this.clients.get(i).getLock(name));
			}
		}
		return locks;
	}

	/**
	 * The lock of this name on the first node: the one Redis of guards {@code rlock} and
	 * {@code fenced}.
	 */
	RLock lock(String name) {
		return this.clients.get(0).getLock(name);
	}

	/** The fenced lock of this name on the first node (guard {@code fenced}). */
	RFencedLock fencedLock(String name) {
		return this.clients.get(0).getFencedLock(name);
	}

	/** The lock of this name on every node, reachable or not. */
	List<RLock> allLocks(String name) {
		return this.clients.stream().map((client) -> client.getLock(name)).toList();
	}

	/** How many nodes answered their last ping. */
	int reachable() {
		int reachable = 0;
		for (int i = 0; i < this.clients.size(); i++) {
			if (this.up.get(i)) {
				reachable++;
			}
		}
		return reachable;
	}

	private void ping() {
		for (int i = 0; i < this.clients.size(); i++) {
			try {
				this.clients.get(i).getBucket("scaleout:lock-node-ping").isExists();
				this.up.set(i, true);
			}
			catch (RuntimeException ex) {
				this.up.set(i, false);
			}
		}
	}

	@Override
	public void close() {
		this.pinger.shutdownNow();
		this.clients.forEach(RedissonClient::shutdown);
	}

}
