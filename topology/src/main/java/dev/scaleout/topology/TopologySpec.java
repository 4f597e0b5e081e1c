package dev.scaleout.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.HashSource;
import dev.scaleout.topology.settings.Key;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.Settings;
import dev.scaleout.topology.settings.StorageType;
import dev.scaleout.topology.settings.Strategy;

/**
 * What runs: the session store, the lock nodes, the object store, the replicas and how
 * they are configured, the canary and the gateway. Immutable; made with
 * {@link #builder()}, whose defaults are what {@code ./scaleout up} runs. Where each
 * process listens is not part of it ({@link Ports}), nor who owns the processes (the
 * {@link Topology} factories).
 *
 * @param lockNodes independent Redis masters of the Redlock quorum
 * @param objectStore whether S3Proxy runs (the replicas' {@code s3} storage)
 * @param replicas how many {@code app-N} start with the topology
 * @param app what every replica runs with
 * @param canary the replica in the gateway's canary pool, if any
 * @param gateway the gateway, if any
 * @param javaOptions the JVM options of every replica and of the gateway
 */
public record TopologySpec(Redis redis, int lockNodes, boolean objectStore, int replicas, AppSpec app,
		Optional<CanarySpec> canary, Optional<GatewaySpec> gateway, List<String> javaOptions) {

	/** The JVM options of {@code ./scaleout}: small heaps, a quick start (C1 only). */
	public static final List<String> DEFAULT_JAVA_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1");

	/**
	 * The gateway's own JVM options, after {@link #DEFAULT_JAVA_OPTIONS}: the full JIT
	 * (C2). The gateway lives long and every request crosses it, so it pays for its
	 * compiler; replicas come and go and favour a quick start. Measured in
	 * {@code ./scaleout experiment gateway-cpu} (docs/benchmarks/gateway-cpu.md).
	 */
	public static final List<String> DEFAULT_GATEWAY_JAVA_OPTIONS = List.of("-XX:TieredStopAtLevel=4");

	public TopologySpec {
		javaOptions = List.copyOf(javaOptions);
		if (replicas < 0 || lockNodes < 0) {
			throw new IllegalArgumentException("replicas and lock nodes cannot be negative");
		}
		if ((app.guard() == Guard.REDLOCK || app.guard() == Guard.RLOCK || app.guard() == Guard.FENCED)
				&& lockNodes == 0) {
			throw new IllegalArgumentException("guard " + Choices.text(app.guard()) + " needs lock nodes");
		}
		if (app.storage() == StorageType.S3 && !objectStore) {
			throw new IllegalArgumentException("storage s3 needs the object store");
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * What every replica runs with. The choices the topology derives other settings from
	 * are typed fields; the rest are {@code settings}.
	 *
	 * @param clusterMembers with session store {@code cluster}: the static membership is
	 * {@code app-1} to {@code app-max(replicas, clusterMembers)} (and the canary), so
	 * that replicas added later up to that number need no restart of the others
	 * @param settings for every replica (the canary too)
	 * @param own for one replica, by name, on top of {@code settings}
	 */
	public record AppSpec(SessionStore sessionStore, Replication replication, Guard guard, StorageType storage,
			int clusterMembers, Settings settings, Map<String, Settings> own) {

		public AppSpec {
			own = Map.copyOf(own);
		}

		/** The settings of one replica beyond those the topology derives. */
		public Settings settingsOf(String replica) {
			return this.settings.and(this.own.getOrDefault(replica, Settings.none()));
		}

	}

	/**
	 * The replica in the gateway's canary pool.
	 *
	 * @param name its process name and instance id
	 * @param version what it reports as {@code app.version}
	 * @param settings its own, on top of every replica's
	 */
	public record CanarySpec(String name, String version, Settings settings) {

		public static CanarySpec standard() {
			return new CanarySpec("app-canary", "2", Settings.none());
		}

	}

	/**
	 * @param weights by replica name, for {@link Strategy#WEIGHTED} (others weigh 1)
	 * @param hashKey what {@link Strategy#CONSISTENT_HASH} hashes, when not the client's
	 * address
	 * @param settings on top of those the topology derives
	 * @param javaOptions after the topology's own, which they override
	 */
	public record GatewaySpec(Strategy strategy, Map<String, Integer> weights, Optional<HashKey> hashKey,
			boolean loginRateLimit, Settings settings, List<String> javaOptions) {

		public GatewaySpec {
			weights = Map.copyOf(weights);
			javaOptions = List.copyOf(javaOptions);
		}

	}

	/**
	 * @param name the cookie or header
	 */
	public record HashKey(HashSource source, String name) {
	}

	/** Every setting has a default: what {@code ./scaleout up} runs without options. */
	public static final class Builder {

		private Redis redis = Redis.standalone();

		private int lockNodes = 3;

		private boolean objectStore = true;

		private int replicas = 3;

		private SessionStore sessionStore = SessionStore.REDIS;

		private Replication replication = Replication.ALL_TO_ALL;

		private Guard guard = Guard.REDLOCK;

		private StorageType storage = StorageType.S3;

		private int clusterMembers;

		private Settings appSettings = Settings.none();

		private final Map<String, Settings> own = new LinkedHashMap<>();

		private CanarySpec canary = CanarySpec.standard();

		private boolean gateway = true;

		private Strategy strategy = Strategy.ROUND_ROBIN;

		private final Map<String, Integer> weights = new LinkedHashMap<>();

		private HashKey hashKey;

		private boolean loginRateLimit = true;

		private Settings gatewaySettings = Settings.none();

		private List<String> gatewayJavaOptions = DEFAULT_GATEWAY_JAVA_OPTIONS;

		private List<String> javaOptions = DEFAULT_JAVA_OPTIONS;

		private Builder() {
		}

		public Builder redis(Redis redis) {
			this.redis = redis;
			return this;
		}

		public Builder lockNodes(int lockNodes) {
			this.lockNodes = lockNodes;
			return this;
		}

		public Builder objectStore(boolean objectStore) {
			this.objectStore = objectStore;
			return this;
		}

		public Builder replicas(int replicas) {
			this.replicas = replicas;
			return this;
		}

		public Builder sessionStore(SessionStore sessionStore) {
			this.sessionStore = sessionStore;
			return this;
		}

		public Builder replication(Replication replication) {
			this.replication = replication;
			return this;
		}

		public Builder guard(Guard guard) {
			this.guard = guard;
			return this;
		}

		public Builder storage(StorageType storage) {
			this.storage = storage;
			return this;
		}

		/** See {@link AppSpec#clusterMembers()}. */
		public Builder clusterMembers(int clusterMembers) {
			this.clusterMembers = clusterMembers;
			return this;
		}

		/** A setting of every replica (the canary's too). */
		public <T> Builder app(Key<T> key, T value) {
			this.appSettings = this.appSettings.with(key, value);
			return this;
		}

		/** A setting of one replica, on top of every replica's. */
		public <T> Builder replica(String name, Key<T> key, T value) {
			this.own.merge(name, Settings.of(key, value), Settings::and);
			return this;
		}

		/** A canary named {@code name} reporting {@code version}. */
		public Builder canary(String name, String version) {
			this.canary = new CanarySpec(name, version,
					(this.canary != null) ? this.canary.settings() : Settings.none());
			return this;
		}

		/** A setting of the canary alone. */
		public <T> Builder canary(Key<T> key, T value) {
			CanarySpec current = (this.canary != null) ? this.canary : CanarySpec.standard();
			this.canary = new CanarySpec(current.name(), current.version(), current.settings().with(key, value));
			return this;
		}

		/** No canary: the gateway's canary pool stays empty. */
		public Builder noCanary() {
			this.canary = null;
			return this;
		}

		public Builder strategy(Strategy strategy) {
			this.strategy = strategy;
			return this;
		}

		/** The weight of a replica, by name, for {@link Strategy#WEIGHTED}. */
		public Builder weight(String replica, int weight) {
			this.weights.put(replica, weight);
			return this;
		}

		public Builder hashKey(HashSource source, String name) {
			this.hashKey = new HashKey(source, name);
			return this;
		}

		public Builder loginRateLimit(boolean enabled) {
			this.loginRateLimit = enabled;
			return this;
		}

		/** A setting of the gateway. */
		public <T> Builder gateway(Key<T> key, T value) {
			this.gatewaySettings = this.gatewaySettings.with(key, value);
			return this;
		}

		public Builder gatewayJavaOptions(List<String> options) {
			this.gatewayJavaOptions = List.copyOf(options);
			return this;
		}

		/** Replicas without a gateway in front (they are reached directly). */
		public Builder noGateway() {
			this.gateway = false;
			return this;
		}

		public Builder javaOptions(List<String> javaOptions) {
			this.javaOptions = new ArrayList<>(javaOptions);
			return this;
		}

		public TopologySpec build() {
			AppSpec app = new AppSpec(this.sessionStore, this.replication, this.guard, this.storage,
					this.clusterMembers, this.appSettings, this.own);
			Optional<GatewaySpec> gatewaySpec = this.gateway
					? Optional.of(new GatewaySpec(this.strategy, this.weights, Optional.ofNullable(this.hashKey),
							this.loginRateLimit, this.gatewaySettings, this.gatewayJavaOptions))
					: Optional.empty();
			return new TopologySpec(this.redis, this.lockNodes, this.objectStore, this.replicas, app,
					Optional.ofNullable(this.canary), gatewaySpec, this.javaOptions);
		}

	}

}
