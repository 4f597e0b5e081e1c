package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import dev.scaleout.app.system.StoreUnavailableException;
import org.redisson.RedissonRedLock;
import org.redisson.api.RLock;

/**
 * Read, check and write under Redisson Redlock (a lock per SKU on a majority of three
 * independent Redis masters, taken in SKU order so two carts cannot deadlock), made safe
 * with fencing: the holder takes a token per SKU from the stock store, and the write
 * applies only if each token is still the latest. A holder that stalled past its lease
 * (GC pause, network delay) while another took the lock is refused instead of writing
 * stale numbers — the lock alone cannot promise that (Kleppmann, "How to do distributed
 * locking").
 */
@SuppressWarnings("deprecation") // RedissonRedLock: Redlock over independent masters is
									// what this demonstrates
class RedlockReservation implements Reservation {

	static final String LOCK = "scaleout:lock:";

	private final LockNodes nodes;

	private final StockStore stock;

	private final Duration wait;

	private final Duration lease;

	private final Duration criticalSectionDelay;

	RedlockReservation(LockNodes nodes, StockStore stock, Duration wait, Duration lease,
			Duration criticalSectionDelay) {
		this.nodes = nodes;
		this.stock = stock;
		this.wait = wait;
		this.lease = lease;
		this.criticalSectionDelay = criticalSectionDelay;
	}

	@Override
	public List<String> reserve(SortedMap<String, Integer> lines) {
		List<RedissonRedLock> held = new ArrayList<>();
		try {
			for (String sku : lines.keySet()) {
				held.add(lock(sku));
			}
			Map<String, Long> tokens = new LinkedHashMap<>();
			lines.keySet().forEach((sku) -> tokens.put(sku, this.stock.nextFence(sku)));
			StockPlan plan = StockPlan.read(this.stock, lines);
			if (plan.isShort()) {
				return plan.shortSkus();
			}
			Pause.of(this.criticalSectionDelay);
			if (!this.stock.writeIfFenced(plan.remaining(), tokens)) {
				throw new StaleLockException();
			}
			return List.of();
		}
		finally {
			held.forEach(RedlockReservation::release);
		}
	}

	private RedissonRedLock lock(String sku) {
		List<RLock> live = this.nodes.locks(LOCK + sku);
		if (live.size() < this.nodes.quorum()) {
			throw new StoreUnavailableException("Only " + live.size() + " of " + this.nodes.size()
					+ " lock nodes are reachable; checkout needs " + this.nodes.quorum() + ". Retry shortly.");
		}
		// Skipping the nodes known to be down saves their connect timeouts, but only
		// while
		// Redisson's majority of the live nodes is still a majority of all nodes (true
		// for 3).
		List<RLock> locks = (live.size() / 2 + 1 >= this.nodes.quorum()) ? live : this.nodes.allLocks(LOCK + sku);
		RedissonRedLock lock = new RedissonRedLock(locks.toArray(RLock[]::new));
		boolean acquired;
		try {
			acquired = lock.tryLock(this.wait.toMillis(), this.lease.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		catch (RuntimeException ex) {
			throw new StoreUnavailableException("The lock nodes cannot be reached; retry shortly.", ex);
		}
		if (!acquired) {
			throw new StoreUnavailableException("Could not lock " + sku + " on a majority of the lock nodes within "
					+ this.wait.toMillis() + " ms; retry shortly.");
		}
		return lock;
	}

	private static void release(RedissonRedLock lock) {
		try {
			lock.unlock();
		}
		catch (RuntimeException ex) {
			// Expired, or a node is down: the lease frees it anyway.
		}
	}

}
