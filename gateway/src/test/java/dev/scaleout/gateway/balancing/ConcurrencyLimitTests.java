package dev.scaleout.gateway.balancing;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConcurrencyLimitTests {

	static final long MS = 1_000_000;

	final GatewayProperties.Concurrency settings = new GatewayProperties.Concurrency(true, 20, 1, 200, 2,
			Duration.ofSeconds(1));

	@Test
	void aReplicaAnsweringWithoutAQueueGetsMoreRoom() {
		ConcurrencyLimit limit = new ConcurrencyLimit(this.settings);
		for (int i = 0; i < 10; i++) {
			limit.sample(10 * MS, limit.limit());
		}
		assertThat(limit.limit()).isGreaterThan(40);
	}

	@Test
	void aReplicaThatQueuesIsHeldToAShortQueue() {
		ConcurrencyLimit limit = new ConcurrencyLimit(this.settings);
		limit.sample(10 * MS, 1);
		// It works on 4 at once: with L in flight each answer takes 10 ms x L / 4, and
		// L - 4 wait in it.
		for (int i = 0; i < 40; i++) {
			int inFlight = limit.limit();
			limit.sample(10 * MS * inFlight / 4, inFlight);
		}
		// Between 3 and 6 waiting (3 and 6 x log10 of the limit, at least 1).
		assertThat(limit.limit()).isBetween(7, 10);
	}

	@Test
	void aReplicaKeptBelowHalfItsLimitProvesNothingAndKeepsIt() {
		ConcurrencyLimit limit = new ConcurrencyLimit(this.settings);
		limit.sample(10 * MS, 1);
		for (int i = 0; i < 100; i++) {
			limit.sample(i % 2 == 0 ? 10 * MS : 80 * MS, 3);
		}
		assertThat(limit.limit()).isEqualTo(20);
	}

	@Test
	void theLimitStaysWithinItsBounds() {
		ConcurrencyLimit limit = new ConcurrencyLimit(
				new GatewayProperties.Concurrency(true, 20, 10, 30, 2, Duration.ofSeconds(1)));
		limit.sample(10 * MS, 1);
		for (int i = 0; i < 20; i++) {
			limit.sample(10 * MS, limit.limit());
		}
		assertThat(limit.limit()).isEqualTo(30);
		for (int i = 0; i < 100; i++) {
			limit.sample(1_000 * MS, limit.limit());
		}
		assertThat(limit.limit()).isEqualTo(10);
	}

	@Test
	void oneLuckyAnswerIsForgottenAndDoesNotHoldTheLimitDown() {
		ConcurrencyLimit limit = new ConcurrencyLimit(this.settings);
		limit.sample(1 * MS, 1);
		for (int i = 0; i < 3_000; i++) {
			limit.sample(10 * MS, limit.limit());
		}
		assertThat(limit.limit()).as("grown again once the 1 ms was forgotten").isGreaterThan(20);
	}

	@Test
	void theQueueRefusesPastItsSizeAndWakesTheLongestWaitingFirst() {
		RoomQueue queue = new RoomQueue(2);
		AtomicBoolean firstWoken = new AtomicBoolean();
		AtomicBoolean secondWoken = new AtomicBoolean();
		Disposable first = queue.await(Duration.ofSeconds(5), () -> false)
			.subscribe(null, null, () -> firstWoken.set(true));
		Disposable second = queue.await(Duration.ofSeconds(5), () -> false)
			.subscribe(null, null, () -> secondWoken.set(true));
		assertThat(queue.waiting()).isEqualTo(2);

		assertThatExceptionOfType(RoomQueue.Full.class)
			.isThrownBy(() -> queue.await(Duration.ofSeconds(5), () -> false).block(Duration.ofSeconds(1)));

		queue.released();
		assertThat(firstWoken).isTrue();
		assertThat(secondWoken).isFalse();
		assertThat(queue.waiting()).isEqualTo(1);
		first.dispose();
		second.dispose();
		assertThat(queue.waiting()).isZero();
	}

	@Test
	void aRequestQueuedJustAfterRoomWasFreedIsWokenAtOnceAndOneWaitingTooLongTimesOut() {
		RoomQueue queue = new RoomQueue(5);
		queue.await(Duration.ofSeconds(5), () -> true).block(Duration.ofSeconds(1));
		assertThatException().isThrownBy(() -> queue.await(Duration.ofMillis(50), () -> false).block())
			.withCauseInstanceOf(TimeoutException.class);
		assertThat(queue.waiting()).isZero();
	}

}
