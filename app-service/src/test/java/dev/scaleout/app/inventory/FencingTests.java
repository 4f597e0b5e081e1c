package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lock holder that stalls past its lease (a GC pause, a slow network) while another
 * takes the lock must not write: its fencing token is no longer the latest. Redlock with
 * the stock store's tokens and RFencedLock with its own refuse it; a plain RLock cannot.
 */
class FencingTests {

	static RedisServer store;

	static final List<RedisServer> nodes = new ArrayList<>();

	static LettuceConnectionFactory connections;

	static LockNodes lockNodes;

	static LockNodes oneNode;

	static StockStore stock;

	@BeforeAll
	static void start() {
		store = RedisServer.start();
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			RedisServer node = RedisServer.start();
			nodes.add(node);
			addresses.add(node.uri());
		}
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(store.host(), store.port()));
		connections.afterPropertiesSet();
		connections.start();
		StringRedisTemplate redis = new StringRedisTemplate(connections);
		stock = new StockStore(redis);
		lockNodes = new LockNodes(addresses);
		oneNode = new LockNodes(addresses.subList(0, 1));
	}

	@AfterAll
	static void stop() {
		lockNodes.close();
		oneNode.close();
		connections.destroy();
		nodes.forEach(RedisServer::close);
		store.close();
	}

	@Test
	void holderThatOutlivesItsLeaseIsRefusedAndStockStaysRight() {
		stock.setStock("KB-101", 10);
		SortedMap<String, Integer> oneKeyboard = new TreeMap<>(java.util.Map.of("KB-101", 1));
		// Reads, then stalls 1.5 s inside the critical section with a 300 ms lease.
		RedlockReservation stalled = new RedlockReservation(lockNodes, stock, Duration.ofSeconds(2),
				Duration.ofMillis(300), Duration.ofMillis(1500));
		RedlockReservation prompt = new RedlockReservation(lockNodes, stock, Duration.ofSeconds(5),
				Duration.ofSeconds(5), Duration.ZERO);

		CompletableFuture<List<String>> slow = CompletableFuture.supplyAsync(() -> stalled.reserve(oneKeyboard));
		sleep(600);
		List<String> fast = prompt.reserve(oneKeyboard);

		assertThat(fast).isEmpty();
		assertThat(slow).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(StaleLockException.class);
		// Without fencing both would have written 9: two sold, one counted.
		assertThat(stock.stock("KB-101")).isEqualTo(9);
	}

	@Test
	void fencedLockRefusesAHolderThatOutlivedItsLease() {
		stock.setStock("MS-102", 10);
		SortedMap<String, Integer> oneMouse = new TreeMap<>(java.util.Map.of("MS-102", 1));
		FencedReservation stalled = new FencedReservation(oneNode, stock, Duration.ofSeconds(2), Duration.ofMillis(300),
				Duration.ofMillis(1500));
		FencedReservation prompt = new FencedReservation(oneNode, stock, Duration.ofSeconds(5), Duration.ofSeconds(5),
				Duration.ZERO);

		CompletableFuture<List<String>> slow = CompletableFuture.supplyAsync(() -> stalled.reserve(oneMouse));
		sleep(600);
		List<String> fast = prompt.reserve(oneMouse);

		assertThat(fast).isEmpty();
		assertThat(slow).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(StaleLockException.class);
		assertThat(stock.stock("MS-102")).isEqualTo(9);
	}

	@Test
	void fencedLockRefusesAStaleHolderThatWritesBeforeTheNewOne() {
		stock.setStock("HS-104", 10);
		SortedMap<String, Integer> oneHeadset = new TreeMap<>(java.util.Map.of("HS-104", 1));
		// The stalled holder wakes while the new one is still working: it writes first.
		FencedReservation stalled = new FencedReservation(oneNode, stock, Duration.ofSeconds(2), Duration.ofMillis(300),
				Duration.ofMillis(1000));
		FencedReservation slowNewcomer = new FencedReservation(oneNode, stock, Duration.ofSeconds(5),
				Duration.ofSeconds(5), Duration.ofMillis(1500));

		CompletableFuture<List<String>> stale = CompletableFuture.supplyAsync(() -> stalled.reserve(oneHeadset));
		sleep(500);
		List<String> newer = slowNewcomer.reserve(oneHeadset);

		assertThat(newer).isEmpty();
		assertThat(stale).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(StaleLockException.class);
		assertThat(stock.stock("HS-104")).isEqualTo(9);
	}

	@Test
	void plainLockLetsAHolderThatOutlivedItsLeaseWriteWhatItRead() {
		stock.setStock("LG-114", 10);
		SortedMap<String, Integer> oneLight = new TreeMap<>(java.util.Map.of("LG-114", 1));
		RLockReservation stalled = new RLockReservation(oneNode, stock, Duration.ofSeconds(2), Duration.ofMillis(300),
				Duration.ofMillis(1500));
		RLockReservation prompt = new RLockReservation(oneNode, stock, Duration.ofSeconds(5), Duration.ofSeconds(5),
				Duration.ZERO);

		CompletableFuture<List<String>> slow = CompletableFuture.supplyAsync(() -> stalled.reserve(oneLight));
		sleep(600);
		List<String> fast = prompt.reserve(oneLight);

		// The failure mode RLock's documentation leaves to the caller: both sold, the
		// stock counts one.
		assertThat(fast).isEmpty();
		assertThat(slow.join()).isEmpty();
		assertThat(stock.stock("LG-114")).isEqualTo(9);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
