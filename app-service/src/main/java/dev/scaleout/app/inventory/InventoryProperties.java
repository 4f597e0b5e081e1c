package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How stock is protected at checkout.
 *
 * @param guard what makes the read-check-write of checkout safe across replicas
 * @param lockNodes the independent Redis masters of the Redlock quorum (for
 * {@code redlock}), e.g. {@code redis://127.0.0.1:6380}; {@code rlock} and {@code fenced}
 * lock on the first alone
 * @param lockWait how long a checkout waits for the locks of its cart
 * @param lockLease how long a lock is held at most; a holder slower than this loses it
 * (and fencing refuses its write)
 * @param initialStock stock given to every product that has none yet at start-up
 * @param criticalSectionDelay simulated work between reading and writing stock (default
 * 0): makes the race of the {@code none} guard, and what the locks prevent, easy to see
 */
@ConfigurationProperties("app.inventory")
@Validated
public record InventoryProperties(@NotNull @DefaultValue("redlock") Guard guard, @DefaultValue List<String> lockNodes,
		@DefaultValue("2s") Duration lockWait, @DefaultValue("5s") Duration lockLease,
		@Min(0) @DefaultValue("100") int initialStock, @DefaultValue("0ms") Duration criticalSectionDelay) {

	public enum Guard {

		/** Redisson Redlock over independent lock nodes, with fencing tokens. */
		REDLOCK,
		/**
		 * Redisson's RLock on one Redis, unfenced: what Redisson recommends instead of
		 * Redlock, and what a stalled holder or a lost lock costs without a token.
		 */
		RLOCK,
		/** Redisson's RFencedLock on one Redis, its token checked by the stock write. */
		FENCED,
		/** One Lua script checks and decrements every line atomically: no lock at all. */
		ATOMIC,
		/** Read, check, write with no protection: oversells under contention. */
		NONE

	}

}
