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
 * takes the lock must not write: its fencing token is no longer the latest.
 */
class FencingTests {

	static RedisServer store;

	static final List<RedisServer> nodes = new ArrayList<>();

	static LettuceConnectionFactory connections;

	static LockNodes lockNodes;

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
	}

	@AfterAll
	static void stop() {
		lockNodes.close();
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
			.withCauseInstanceOf(RedlockReservation.StaleLockException.class);
		// Without fencing both would have written 9: two sold, one counted.
		assertThat(stock.stock("KB-101")).isEqualTo(9);
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
