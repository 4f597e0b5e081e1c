package dev.scaleout.gateway.balancing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.scaleout.topology.process.FreePorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's active health checks against real sockets: a process that accepts
 * connections but answers too slowly (overloaded) is unhealthy yet still reached, so a
 * pool in panic keeps using it; a port that refuses connections (a killed replica) is
 * never used.
 */
class HealthCheckTests {

	private final List<Socket> held = new CopyOnWriteArrayList<>();

	private ServerSocket silent;

	private PoolRegistry registry;

	@AfterEach
	void close() throws IOException {
		if (this.registry != null) {
			this.registry.stop();
		}
		for (Socket socket : this.held) {
			socket.close();
		}
		if (this.silent != null) {
			this.silent.close();
		}
	}

	@Test
	void aPoolInPanicKeepsTheInstanceThatIsSlowAndDropsTheOneThatRefuses() throws Exception {
		this.silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptAndNeverAnswer, "silent-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
		URI slow = URI.create("http://127.0.0.1:" + this.silent.getLocalPort());
		URI refusing = URI.create("http://127.0.0.1:" + FreePorts.next());

		this.registry = new PoolRegistry(properties(slow, refusing), new SimpleMeterRegistry());
		this.registry.start();
		InstancePool pool = this.registry.pool("app");
		Instance slowInstance = instance(pool, slow);
		Instance refusingInstance = instance(pool, refusing);
		// Both are checked in every round; the refused check ends long before the slow
		// one
		// times out, so once the slow one is judged, so is the other.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!slowInstance.isAnswering() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		assertThat(slowInstance.isAnswering()).as("connected, no answer in time: alive").isTrue();
		assertThat(refusingInstance.isAnswering()).as("connection refused: gone").isFalse();
		assertThat(slowInstance.state()).isEqualTo(Instance.State.UNHEALTHY);
		assertThat(refusingInstance.state()).isEqualTo(Instance.State.UNHEALTHY);
		assertThat(pool.isPanicking()).as("no instance is healthy").isTrue();
		assertThat(pool.available(List.of())).containsExactly(slowInstance);
	}

	private void acceptAndNeverAnswer() {
		try {
			while (!this.silent.isClosed()) {
				this.held.add(this.silent.accept());
			}
		}
		catch (IOException ex) {
			// closed by the test
		}
	}

	private static Instance instance(InstancePool pool, URI url) {
		return pool.instances().stream().filter((instance) -> instance.url().equals(url)).findFirst().orElseThrow();
	}

	private static GatewayProperties properties(URI first, URI second) {
		Map<String, String> values = Map.of("gateway.pools.app.discovery.urls[0]", first.toString(),
				"gateway.pools.app.discovery.urls[1]", second.toString(), "gateway.health.interval", "100ms",
				"gateway.health.timeout", "300ms", "gateway.health.unhealthy-threshold", "1");
		return new Binder(new MapConfigurationPropertySource(values)).bind("gateway", GatewayProperties.class).get();
	}

}
