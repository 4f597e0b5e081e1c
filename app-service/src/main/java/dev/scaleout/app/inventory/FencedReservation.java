package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import dev.scaleout.app.system.StoreUnavailableException;
import org.redisson.api.RFencedLock;

/**
 * Redisson's {@code RFencedLock} on one Redis, its token checked by the stock write: the
 * holder announces its token to the stock store before it reads, and writes only while
 * that token is still the newest announced. A holder that stalled past its lease while
 * another took the lock is refused, whichever of the two writes first (Kleppmann, "How to
 * do distributed locking"). The price: the tokens live in the lock's Redis, so if that
 * Redis loses them (restarted without persistence) new tokens start below the newest seen
 * and every checkout is refused until they pass it — safe, not live.
 */
class FencedReservation implements Reservation {

	private final LockNodes node;

	private final StockStore stock;

	private final Duration wait;

	private final Duration lease;

	private final Duration criticalSectionDelay;

	FencedReservation(LockNodes node, StockStore stock, Duration wait, Duration lease, Duration criticalSectionDelay) {
		this.node = node;
		this.stock = stock;
		this.wait = wait;
		this.lease = lease;
		this.criticalSectionDelay = criticalSectionDelay;
	}

	@Override
	public List<String> reserve(SortedMap<String, Integer> lines) {
		List<RFencedLock> held = new ArrayList<>();
		try {
			Map<String, Long> tokens = new LinkedHashMap<>();
			for (String sku : lines.keySet()) {
				RFencedLock lock = this.node.fencedLock(RedlockReservation.LOCK + sku);
				Long token = tryLock(lock);
				if (token == null) {
					throw new StoreUnavailableException(
							"Could not lock " + sku + " within " + this.wait.toMillis() + " ms; retry shortly.");
				}
				held.add(lock);
				if (!this.stock.announceFence(sku, token)) {
					throw new StaleLockException();
				}
				tokens.put(sku, token);
			}
			StockPlan plan = StockPlan.read(this.stock, lines);
			if (plan.isShort()) {
				return plan.shortSkus();
			}
			Pause.of(this.criticalSectionDelay);
			if (!this.stock.writeIfAnnounced(plan.remaining(), tokens)) {
				throw new StaleLockException();
			}
			return List.of();
		}
		finally {
			held.forEach(RLockReservation::release);
		}
	}

	private Long tryLock(RFencedLock lock) {
		try {
			return lock.tryLockAndGetToken(this.wait.toMillis(), this.lease.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			throw new StoreUnavailableException("The lock's Redis cannot be reached; retry shortly.", ex);
		}
	}

}
