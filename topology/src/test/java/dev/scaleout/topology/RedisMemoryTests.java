package dev.scaleout.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import dev.scaleout.topology.process.FreePorts;
import dev.scaleout.topology.process.Launcher;
import dev.scaleout.topology.process.OwnedLauncher;
import dev.scaleout.topology.process.Readiness;
import dev.scaleout.topology.process.Resp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session store and the lock nodes run bounded, each with the eviction policy that
 * loses the least: proven on real redis-server processes.
 */
class RedisMemoryTests {

	@TempDir
	Path state;

	@Test
	void theSessionStoreRunsBoundedAndEvictsOnlyKeysThatExpire() {
		try (RedisStore store = RedisStore.start(Redis.standalone())) {
			int port = store.primary().port();
			assertThat(Resp.command(port, "CONFIG", "GET", "maxmemory")).containsExactly("maxmemory",
					String.valueOf(RedisMemory.SESSION_STORE.maxBytes()));
			assertThat(Resp.command(port, "CONFIG", "GET", "maxmemory-policy")).containsExactly("maxmemory-policy",
					"volatile-ttl");
		}
	}

	@Test
	void theLockNodesRefuseRatherThanEvict() {
		Topology topology = Topology.detached(TopologySpec.builder().build(), FixedPorts.defaults(),
				Launcher.detached(this.state));
		for (Node lockNode : topology.lockNodes()) {
			assertThat(String.join(" ", lockNode.spec().command()))
				.contains("--maxmemory " + RedisMemory.LOCK_NODE.maxBytes() + " --maxmemory-policy noeviction");
		}
	}

	/**
	 * What the policy does when the bound is reached, on a server made small enough to
	 * fill in a test: a key without an expiry (stock) is never evicted, and the keys that
	 * expire soonest (anonymous sessions) go before those that live longer (logged-in
	 * sessions).
	 */
	@Test
	void whenFullTheShortLivedKeysGoFirstAndKeysWithoutExpiryStay() throws InterruptedException {
		RedisMemory small = new RedisMemory(8 * 1024 * 1024, RedisMemory.SESSION_STORE.policy());
		int port = FreePorts.next();
		try (OwnedLauncher launcher = Launcher.owned()) {
			launcher.launch(Programs.redis("redis-small", port, this.state, false, small, OptionalInt.empty()));
			awaitReady(port);
			Resp.command(port, "SET", "stock:KB-101", "100");
			String value = "x".repeat(1024);
			for (int i = 0; i < 500; i++) {
				Resp.command(port, "SET", "session:user:" + i, value, "EX", "1800");
			}
			for (int i = 0; i < 12_000; i++) {
				Resp.command(port, "SET", "session:anonymous:" + i, value, "EX", "300");
			}
			assertThat(Long.parseLong(info(port, "evicted_keys"))).isPositive();
			assertThat(Resp.command(port, "GET", "stock:KB-101")).containsExactly("100");
			long usersLeft = 0;
			for (int i = 0; i < 500; i++) {
				if (Resp.command(port, "EXISTS", "session:user:" + i).equals(List.of("1"))) {
					usersLeft++;
				}
			}
			assertThat(usersLeft).isEqualTo(500);
		}
	}

	private static void awaitReady(int port) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!Readiness.redis(port).check()) {
			assertThat(System.nanoTime()).as("redis-server answering PING").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static String info(int port, String field) {
		for (String line : String.join("\n", Resp.command(port, "INFO", "stats")).split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1).trim();
			}
		}
		throw new IllegalStateException("INFO has no " + field);
	}

}
