package dev.scaleout.gateway.balancing;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The requests of one pool that wait for a replica under its concurrency limit to have
 * room: at most {@code capacity} of them, woken first come first served as requests end.
 * Thread-safe.
 */
final class RoomQueue {

	private final int capacity;

	private final ConcurrentLinkedDeque<Sinks.Empty<Void>> waiting = new ConcurrentLinkedDeque<>();

	private final AtomicInteger size = new AtomicInteger();

	RoomQueue(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Completes when a request has ended, so that room may have been freed (the caller
	 * looks again); fails with {@link Full} at once when {@code capacity} requests
	 * already wait, and with a {@link java.util.concurrent.TimeoutException} after
	 * {@code timeout}.
	 * @param roomNow asked once the request is queued: room freed just before it was
	 * queued would otherwise wake nobody
	 */
	Mono<Void> await(Duration timeout, BooleanSupplier roomNow) {
		return Mono.defer(() -> {
			if (this.size.incrementAndGet() > this.capacity) {
				this.size.decrementAndGet();
				return Mono.error(new Full(this.capacity));
			}
			Sinks.Empty<Void> turn = Sinks.empty();
			this.waiting.addLast(turn);
			if (roomNow.getAsBoolean()) {
				released();
			}
			return turn.asMono().timeout(timeout).doFinally((signal) -> {
				this.waiting.remove(turn);
				this.size.decrementAndGet();
			});
		});
	}

	/** A request ended: the longest waiting looks for room. */
	void released() {
		if (this.size.get() == 0) {
			return;
		}
		Sinks.Empty<Void> next = this.waiting.pollFirst();
		if (next != null) {
			next.tryEmitEmpty();
		}
	}

	/** Requests waiting now. */
	int waiting() {
		return this.size.get();
	}

	/** The queue was full: the request is refused at once. */
	static final class Full extends RuntimeException {

		Full(int capacity) {
			super(capacity + " requests already wait", null, false, false);
		}

	}

}
