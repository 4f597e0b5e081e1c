package dev.scaleout.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.scaleout.testsupport.FreePorts;
import dev.scaleout.testsupport.JavaProcess;
import dev.scaleout.testsupport.RedisServer;
import dev.scaleout.testsupport.S3Server;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The system as an attacker meets it: the gateway in front of two replicas sharing Redis
 * sessions and S3 storage, and (in the gateway's second pool, reached with the cookie
 * {@code canary=always}) a replica that keeps sessions in signed tokens, for the forged
 * token cases. Started once and shared by every test class that declares
 * {@code @ExtendWith(ExposedTopology.class)}; stopped when the test run ends.
 */
public final class ExposedTopology implements BeforeAllCallback, AutoCloseable {

	private static final Duration START = Duration.ofSeconds(120);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Failed logins of one user from one address before 429, and how long that lasts. */
	public static final int LOGIN_MAX_FAILURES = 5;

	public static final Duration LOGIN_WINDOW = Duration.ofSeconds(3);

	/** Uploads larger than this are refused (small, so that the traps stay fast). */
	public static final int MAX_UPLOAD_BYTES = 256 * 1024;

	private static ExposedTopology shared;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<JavaProcess> processes = new ArrayList<>();

	private RedisServer redis;

	private S3Server s3;

	private String baseUrl;

	private String managementUrl;

	private final List<String> replicaUrls = new ArrayList<>();

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
		ExposedTopology topology = new ExposedTopology();
		try {
			topology.startProcesses();
		}
		catch (IOException | RuntimeException ex) {
			topology.close();
			throw new IllegalStateException("Topology did not start", ex);
		}
		shared = topology;
		return topology;
	}

	private void startProcesses() throws IOException {
		this.redis = RedisServer.start();
		this.s3 = S3Server.start();
		List<String> appUrls = new ArrayList<>();
		for (int i = 1; i <= 2; i++) {
			int port = FreePorts.next();
			appUrls.add("http://127.0.0.1:" + port);
			this.replicaUrls.add("http://127.0.0.1:" + port);
			this.processes.add(app("app-" + i, port, Map.of()).start());
		}
		int jwtPort = FreePorts.next();
		this.replicaUrls.add("http://127.0.0.1:" + jwtPort);
		this.processes.add(app("app-jwt", jwtPort, Map.of("APP_SESSION_STORE", "jwt")).start());
		Path appInstances = Files.writeString(Files.createTempFile("app", ".instances"), String.join("\n", appUrls));
		Path jwtInstances = Files.writeString(Files.createTempFile("jwt", ".instances"), "http://127.0.0.1:" + jwtPort);
		int port = FreePorts.next();
		int management = FreePorts.next();
		this.baseUrl = "http://127.0.0.1:" + port;
		this.managementUrl = "http://127.0.0.1:" + management;
		Map<String, String> gateway = new HashMap<>();
		gateway.put("SERVER_PORT", String.valueOf(port));
		gateway.put("MANAGEMENT_SERVER_PORT", String.valueOf(management));
		gateway.put("SPRING_DATA_REDIS_PORT", String.valueOf(this.redis.port()));
		gateway.put("GATEWAY_POOLS_APP_DISCOVERY_FILE", appInstances.toString());
		gateway.put("GATEWAY_POOLS_CANARY_DISCOVERY_FILE", jwtInstances.toString());
		// The per-client limit is proven in GatewayEndToEndTests; here it must not hide
		// the
		// replicas' own answers.
		gateway.put("GATEWAY_ROUTING_LOGINRATELIMIT_REPLENISHRATE", "500");
		gateway.put("GATEWAY_ROUTING_LOGINRATELIMIT_BURSTCAPACITY", "1000");
		// A loaded CI machine can take longer than the default 500 ms to answer a
		// readiness
		// check, which would take healthy replicas out of the pool; these tests are about
		// what bad input does to a replica, not how fast a dead one is noticed
		// (GatewayEndToEndTests).
		gateway.put("GATEWAY_HEALTH_TIMEOUT", "2s");
		gateway.put("GATEWAY_HEALTH_UNHEALTHYTHRESHOLD", "3");
		this.processes.add(JavaProcess
			.jar("gateway", "gateway.jar", gateway, "http://127.0.0.1:" + management + "/actuator/health/readiness")
			.start());
		for (JavaProcess process : this.processes) {
			process.awaitReady(START);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> healthy().size() == 3);
	}

	private JavaProcess app(String name, int port, Map<String, String> extra) {
		Map<String, String> environment = new HashMap<>(Map.of("SERVER_PORT", String.valueOf(port), "APP_INSTANCE_ID",
				name, "SPRING_PROFILES_ACTIVE", "dev", "SPRING_DATA_REDIS_PORT", String.valueOf(this.redis.port()),
				"APP_IDENTITY_LOADTESTUSERS", "40", "APP_INVENTORY_GUARD", "atomic", "APP_STORAGE_ENDPOINT",
				this.s3.endpoint(), "APP_STORAGE_MAXSIZE", MAX_UPLOAD_BYTES + "B"));
		environment.put("APP_IDENTITY_LOGINTHROTTLE_MAXFAILURES", String.valueOf(LOGIN_MAX_FAILURES));
		environment.put("APP_IDENTITY_LOGINTHROTTLE_WINDOW", LOGIN_WINDOW.toMillis() + "ms");
		environment.putAll(extra);
		return JavaProcess.jar(name, "app.jar", environment, "http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/** The gateway's actuator (its management port). */
	public String managementUrl() {
		return this.managementUrl;
	}

	/** The replicas' own addresses, bypassing the gateway. */
	public List<String> replicaUrls() {
		return List.copyOf(this.replicaUrls);
	}

	public URI uri(String path) {
		return URI.create(this.baseUrl + path);
	}

	/** Ids of the instances the gateway reports healthy, in both pools. */
	public List<String> healthy() throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/gateway/instances")).build(),
				HttpResponse.BodyHandlers.ofString());
		List<String> healthy = new ArrayList<>();
		for (JsonNode pool : JSON.readTree(response.body())) {
			for (JsonNode instance : pool.path("instances")) {
				if (instance.path("state").asString("").equals("healthy")) {
					healthy.add(instance.path("id").asString());
				}
			}
		}
		return healthy;
	}

	/**
	 * Whether every replica is healthy: in the gateway's view, and by its own readiness
	 * probe, asked directly.
	 */
	public boolean everyReplicaHealthy() throws IOException, InterruptedException {
		if (!healthy().containsAll(replicas())) {
			return false;
		}
		for (String replica : this.replicaUrls) {
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
		for (JavaProcess process : this.processes) {
			if (!process.isAlive()) {
				dead.append(process.name()).append(" died:\n").append(process.tail()).append('\n');
			}
		}
		return dead.toString();
	}

	@Override
	public void close() {
		for (JavaProcess process : this.processes) {
			process.close();
		}
		if (this.s3 != null) {
			this.s3.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
		shared = null;
	}

}
