package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import dev.scaleout.app.system.StoreUnavailableException;
import org.redisson.api.RLock;

/**
 * Read, check and write under Redisson's {@code RLock} on one Redis, a lock per SKU taken
 * in SKU order: what Redisson recommends instead of Redlock. Nothing fences the write, on
 * purpose: a holder that stalls past its lease (a GC pause, SIGSTOP) while another takes
 * the lock still writes the stock it read, and a lock Redis that loses its data
 * (restarted without persistence, or a primary that failed over before the grant reached
 * its replica) grants the same lock twice. {@code ./scaleout experiment oversell} counts
 * what that costs; {@link FencedReservation} is the same lock with the write fenced.
 */
class RLockReservation implements Reservation {

	private final LockNodes node;

	private final StockStore stock;

	private final Duration wait;

	private final Duration lease;

	private final Duration criticalSectionDelay;

	RLockReservation(LockNodes node, StockStore stock, Duration wait, Duration lease, Duration criticalSectionDelay) {
		this.node = node;
		this.stock = stock;
		this.wait = wait;
		this.lease = lease;
		this.criticalSectionDelay = criticalSectionDelay;
	}

	@Override
	public List<String> reserve(SortedMap<String, Integer> lines) {
		List<RLock> held = new ArrayList<>();
		try {
			for (String sku : lines.keySet()) {
				RLock lock = this.node.lock(RedlockReservation.LOCK + sku);
				if (!tryLock(lock)) {
					throw new StoreUnavailableException(
							"Could not lock " + sku + " within " + this.wait.toMillis() + " ms; retry shortly.");
				}
				held.add(lock);
			}
			StockPlan plan = StockPlan.read(this.stock, lines);
			if (plan.isShort()) {
				return plan.shortSkus();
			}
			Pause.of(this.criticalSectionDelay);
			this.stock.write(plan.remaining());
			return List.of();
		}
		finally {
			held.forEach(RLockReservation::release);
		}
	}

	private boolean tryLock(RLock lock) {
		try {
			return lock.tryLock(this.wait.toMillis(), this.lease.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (RuntimeException ex) {
			throw new StoreUnavailableException("The lock's Redis cannot be reached; retry shortly.", ex);
		}
	}

	static void release(RLock lock) {
		try {
			lock.unlock();
		}
		catch (RuntimeException ex) {
			// Expired (held by another now, or by nobody), or the node is down: the lease
			// frees it anyway.
		}
	}

}
