package dev.scaleout.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.SessionStore;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The system as an attacker meets it: the gateway in front of two replicas sharing Redis
 * sessions and S3 storage, and (in the gateway's second pool, reached with the cookie
 * {@code canary=always}) a replica that keeps sessions in signed tokens, for the forged
 * token cases. Started once and shared by every test class that declares
 * {@code @ExtendWith(ExposedTopology.class)}; stopped when the test run ends.
 */
public final class ExposedTopology implements BeforeAllCallback, AutoCloseable {

	/** Failed logins of one user from one address before 429, and how long that lasts. */
	public static final int LOGIN_MAX_FAILURES = 5;

	public static final Duration LOGIN_WINDOW = Duration.ofSeconds(3);

	/** Uploads larger than this are refused (small, so that the traps stay fast). */
	public static final int MAX_UPLOAD_BYTES = 256 * 1024;

	private static ExposedTopology shared;

	private final HttpClient http = HttpClient.newHttpClient();

	private Topology topology;

	/** For {@code @ExtendWith}; the topology itself is {@link #shared()}. */
	public ExposedTopology() {
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot()
			.getStore(ExtensionContext.Namespace.GLOBAL)
			.computeIfAbsent(ExposedTopology.class, (key) -> start(), ExposedTopology.class);
	}

	/**
	 * The running topology; only after {@code @ExtendWith(ExposedTopology.class)} started
	 * it.
	 */
	public static ExposedTopology shared() {
		if (shared == null) {
			throw new IllegalStateException("Declare @ExtendWith(ExposedTopology.class) on the test class");
		}
		return shared;
	}

	private static synchronized ExposedTopology start() {
		ExposedTopology exposed = new ExposedTopology();
		exposed.topology = Topology.owned(spec());
		try {
			exposed.topology.start();
		}
		catch (RuntimeException ex) {
			exposed.close();
			throw new IllegalStateException("Topology did not start", ex);
		}
		shared = exposed;
		return exposed;
	}

	/**
	 * Redis and S3Proxy, app-1 and app-2 with sessions in Redis, app-jwt with signed
	 * tokens in the canary pool, the gateway; checkout by the atomic guard, no lock
	 * nodes.
	 */
	static TopologySpec spec() {
		return TopologySpec.builder()
			.replicas(2)
			.lockNodes(0)
			.guard(Guard.ATOMIC)
			.app(AppKeys.LOAD_TEST_USERS, 40)
			.app(AppKeys.STORAGE_MAX_SIZE, (long) MAX_UPLOAD_BYTES)
			.app(AppKeys.LOGIN_THROTTLE_MAX_FAILURES, LOGIN_MAX_FAILURES)
			.app(AppKeys.LOGIN_THROTTLE_WINDOW, LOGIN_WINDOW)
			.canary("app-jwt", "1")
			.canary(AppKeys.SESSION_STORE, SessionStore.JWT)
			// The per-client limit is proven in GatewayEndToEndTests; here it must not
			// hide the replicas' own answers.
			.gateway(GatewayKeys.LOGIN_RATE_LIMIT_REPLENISH_RATE, 500)
			.gateway(GatewayKeys.LOGIN_RATE_LIMIT_BURST_CAPACITY, 1000)
			// A loaded CI machine can take longer than the default to answer a readiness
			// check, which would take healthy replicas out of the pool; these tests are
			// about what bad input does to a replica, not how fast a dead one is noticed
			// (GatewayEndToEndTests).
			.gateway(GatewayKeys.HEALTH_TIMEOUT, Duration.ofSeconds(2))
			.gateway(GatewayKeys.HEALTH_UNHEALTHY_THRESHOLD, 3)
			.build();
	}

	public String baseUrl() {
		return this.topology.gateway().url();
	}

	/** The gateway's actuator (its management port). */
	public String managementUrl() {
		return this.topology.gateway().managementUrl();
	}

	/** The replicas' own addresses, bypassing the gateway. */
	public List<String> replicaUrls() {
		return services().stream().filter((node) -> !node.name().equals("gateway")).map(Node::url).toList();
	}

	public URI uri(String path) {
		return URI.create(baseUrl() + path);
	}

	/** Ids of the instances the gateway reports healthy, in both pools. */
	public List<String> healthy() {
		return this.topology.gateway()
			.instances()
			.pools()
			.values()
			.stream()
			.flatMap((pool) -> pool.instances().stream())
			.filter(InstanceView::isHealthy)
			.map(InstanceView::id)
			.toList();
	}

	/**
	 * Whether every replica is healthy: in the gateway's view, and by its own readiness
	 * probe, asked directly.
	 */
	public boolean everyReplicaHealthy() throws IOException, InterruptedException {
		if (!healthy().containsAll(replicas())) {
			return false;
		}
		for (String replica : replicaUrls()) {
			HttpResponse<Void> readiness = this.http
				.send(HttpRequest.newBuilder(URI.create(replica + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(3))
					.build(), HttpResponse.BodyHandlers.discarding());
			if (readiness.statusCode() != 200) {
				return false;
			}
		}
		return true;
	}

	/** Every replica, as the gateway sees it. */
	public List<String> replicas() {
		return List.of("app-1", "app-2", "app-jwt");
	}

	/** The logs of processes that died, for a failure message. */
	public String deadProcesses() {
		StringBuilder dead = new StringBuilder();
		for (Node process : services()) {
			if (!process.isRunning()) {
				dead.append(process.name()).append(" died:\n").append(process.tail(40)).append('\n');
			}
		}
		return dead.toString();
	}

	/** The replicas, app-jwt and the gateway: the processes bad input could kill. */
	private List<Node> services() {
		List<Node> services = new ArrayList<>(this.topology.replicas());
		this.topology.canary().ifPresent(services::add);
		services.add(this.topology.gateway().node());
		return services;
	}

	@Override
	public void close() {
		if (this.topology != null) {
			this.topology.close();
		}
		shared = null;
	}

}
