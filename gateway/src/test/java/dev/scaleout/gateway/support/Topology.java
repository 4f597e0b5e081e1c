package dev.scaleout.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.scaleout.testsupport.FreePorts;
import dev.scaleout.testsupport.JavaProcess;
import dev.scaleout.testsupport.RedisServer;
import dev.scaleout.testsupport.S3Server;
import dev.scaleout.testsupport.SentinelGroup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The real topology as processes on loopback, as in production: the session store as a
 * primary and a replica under three Sentinels, three Redlock nodes, an S3 server,
 * app-1..app-N (optionally a canary) and the gateway, which finds the replicas through
 * instance files.
 */
public final class Topology implements AutoCloseable {

	public static final Duration START = Duration.ofSeconds(90);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private SentinelGroup store;

	private final List<RedisServer> lockNodes = new ArrayList<>();

	private S3Server objectStore;

	private final Map<String, JavaProcess> replicas = new LinkedHashMap<>();

	private final List<String> appUrls = new ArrayList<>();

	private JavaProcess canary;

	private JavaProcess gateway;

	private Path appInstancesFile;

	private String baseUrl;

	private Topology() {
	}

	/**
	 * Starts everything and returns once the gateway sees every replica healthy.
	 * @param gatewayEnvironment settings of the gateway on top of the topology's own
	 */
	public static Topology start(int replicas, boolean withCanary, Map<String, String> gatewayEnvironment) {
		Topology topology = new Topology();
		try {
			topology.startProcesses(replicas, withCanary, gatewayEnvironment);
			return topology;
		}
		catch (IOException | RuntimeException ex) {
			topology.close();
			throw (ex instanceof IOException io) ? new UncheckedIOException(io) : (RuntimeException) ex;
		}
	}

	private void startProcesses(int count, boolean withCanary, Map<String, String> gatewayEnvironment)
			throws IOException {
		this.store = SentinelGroup.start(Duration.ofSeconds(1));
		for (int i = 0; i < 3; i++) {
			this.lockNodes.add(RedisServer.start());
		}
		this.objectStore = S3Server.start();
		for (int i = 1; i <= count; i++) {
			int port = FreePorts.next();
			this.appUrls.add("http://127.0.0.1:" + port);
			this.replicas.put("app-" + i, app("app-" + i, port, "1").start());
		}
		Map<String, String> environment = new HashMap<>(gatewayEnvironment);
		if (withCanary) {
			int canaryPort = FreePorts.next();
			this.canary = app("app-canary", canaryPort, "2").start();
			Path canaryInstances = Files.writeString(Files.createTempFile("canary", ".instances"),
					"http://127.0.0.1:" + canaryPort);
			environment.put("GATEWAY_POOLS_CANARY_DISCOVERY_FILE", canaryInstances.toString());
		}
		this.appInstancesFile = Files.writeString(Files.createTempFile("app", ".instances"),
				String.join("\n", this.appUrls));
		int port = FreePorts.next();
		int management = FreePorts.next();
		this.baseUrl = "http://127.0.0.1:" + port;
		environment
			.putAll(Map.of("SERVER_PORT", String.valueOf(port), "MANAGEMENT_SERVER_PORT", String.valueOf(management),
					"SPRING_DATA_REDIS_SENTINEL_MASTER", this.store.master(), "SPRING_DATA_REDIS_SENTINEL_NODES",
					this.store.sentinelNodes(), "GATEWAY_POOLS_APP_DISCOVERY_FILE", this.appInstancesFile.toString()));
		this.gateway = JavaProcess
			.jar("gateway", "gateway.jar", environment, "http://127.0.0.1:" + management + "/actuator/health/readiness")
			.start();
		for (JavaProcess replica : this.replicas.values()) {
			replica.awaitReady(START);
		}
		if (this.canary != null) {
			this.canary.awaitReady(START);
		}
		this.gateway.awaitReady(START);
		await().atMost(Duration.ofSeconds(15)).until(() -> healthyInstances() == count);
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/** app-1, app-2, ... by name, in order. */
	public Map<String, JavaProcess> replicas() {
		return this.replicas;
	}

	/** A replica by name: app-1, app-2, ... */
	public JavaProcess replica(String name) {
		return this.replicas.get(name);
	}

	/** The URLs of app-1..app-N, in order. */
	public List<String> appUrls() {
		return List.copyOf(this.appUrls);
	}

	/**
	 * Where the gateway finds pool {@code app}: rewrite it to add or remove instances.
	 */
	public Path appInstancesFile() {
		return this.appInstancesFile;
	}

	/** The session store: a primary and a replica under three Sentinels. */
	public SentinelGroup store() {
		return this.store;
	}

	/** The three Redlock nodes. */
	public List<RedisServer> lockNodes() {
		return this.lockNodes;
	}

	public S3Server objectStore() {
		return this.objectStore;
	}

	/** The instances of pool {@code app} as the gateway reports them. */
	public JsonNode appInstances() throws IOException, InterruptedException {
		return JSON.readTree(get("/gateway/instances").body()).path("app").path("instances");
	}

	public long healthyInstances() throws IOException, InterruptedException {
		long healthy = 0;
		for (JsonNode instance : appInstances()) {
			if (instance.path("state").asString("").equals("healthy")) {
				healthy++;
			}
		}
		return healthy;
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.replicas.values().forEach(JavaProcess::close);
		if (this.canary != null) {
			this.canary.close();
		}
		if (this.gateway != null) {
			this.gateway.close();
		}
		if (this.store != null) {
			this.store.close();
		}
		this.lockNodes.forEach(RedisServer::close);
		if (this.objectStore != null) {
			this.objectStore.close();
		}
	}

	private JavaProcess app(String name, int port, String version) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.putAll(Map.of("SERVER_PORT", String.valueOf(port), "APP_INSTANCE_ID", name, "APP_VERSION", version,
				"SPRING_PROFILES_ACTIVE", "dev", "APP_IDENTITY_LOADTESTUSERS", "10"));
		environment.putAll(Map.of("SPRING_DATA_REDIS_SENTINEL_MASTER", this.store.master(),
				"SPRING_DATA_REDIS_SENTINEL_NODES", this.store.sentinelNodes()));
		environment.putAll(Map.of("APP_INVENTORY_GUARD", "redlock", "APP_INVENTORY_LOCKNODES",
				this.lockNodes.stream().map(RedisServer::uri).collect(Collectors.joining(","))));
		environment.putAll(Map.of("APP_STORAGE_TYPE", "s3", "APP_STORAGE_ENDPOINT", this.objectStore.endpoint(),
				"APP_STORAGE_ACCESSKEY", S3Server.ACCESS_KEY, "APP_STORAGE_SECRETKEY", S3Server.SECRET_KEY));
		return JavaProcess.jar(name, "app.jar", environment, "http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

}
