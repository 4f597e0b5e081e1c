package dev.scaleout.topology.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.scaleout.topology.FixedPorts;
import dev.scaleout.topology.Redis;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.autoscale.ScalingPolicy;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.CartStore;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.HashSource;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionSaveMode;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.StorageType;
import dev.scaleout.topology.settings.Strategy;

/**
 * What {@code ./scaleout up} was asked for: its options, and what the {@code SCALEOUT_*}
 * variables said at that moment. Remembered in {@code .scaleout/settings} (one
 * {@code NAME=value} a line, the names the bash launcher used), so that every later
 * command ({@code start app-2}, {@code scale 5}, {@code status}) sees the same topology.
 *
 * @param slow one replica made slow ({@code app.chaos.latency}), if any
 * @param weights by replica name, for {@code --lb weighted}
 * @param sentinelDownAfter with {@code --ha}: how long the primary must be silent
 * @param lockNodes 3 (Redlock) or 1 (a single-node lock, for benchmarks/checkout.sh)
 * @param criticalSectionDelay simulated work in checkout's critical section
 * @param cartStore the layout of the carts ({@code session} and
 * {@code session-attributes}: the naive layouts, to watch concurrent tabs lose changes)
 * @param sessionSaveMode what Spring Session writes back (the {@code redis} store)
 * @param javaOptions every replica's and the gateway's JVM options
 * @param gatewayJavaOptions the gateway's own, after those
 * ({@code SCALEOUT_GATEWAY_JAVA_OPTS}; by default
 * {@link TopologySpec#DEFAULT_GATEWAY_JAVA_OPTIONS})
 * @param anonymousDefences whether visitors without a login are kept cheap: the cookie
 * check before a session, short-lived anonymous sessions
 * ({@code SCALEOUT_ANONYMOUS_DEFENCES=false}: as before the defences, for
 * {@code experiment session-flood})
 * @param autoscale {@code --autoscale MIN..MAX}: a supervisor replaces replicas that die
 * and sizes them to the load; empty: the replicas are as many as {@code replicas} says
 * @param capacity {@code --capacity 8@100ms}: every replica works on at most that many
 * {@code /api} requests at once, each taking that long ({@code app.chaos}), so that load
 * can outgrow a fleet without burning this machine's cores; empty: no limit, no delay
 * @param errors {@code --errors app-3=20%}: one replica answers that share of its
 * {@code /api} requests with a 500 while its health checks pass (a gray failure,
 * {@code app.chaos.errors}); empty: none
 * @param hedge {@code --hedge 50ms}: the gateway sends a GET not answered within that
 * again to another replica and takes the first answer ({@code gateway.retry.hedging});
 * empty: no hedging
 */
public record LocalSettings(int replicas, SessionStore session, Replication replication, Strategy lb, Guard guard,
		StorageType storage, Optional<Slow> slow, Map<String, Integer> weights, boolean ha, boolean canary,
		boolean loginRateLimit, HashSource hashSource, String hashName, Duration criticalSectionDelay,
		CartStore cartStore, SessionSaveMode sessionSaveMode, int lockNodes, List<String> javaOptions,
		List<String> gatewayJavaOptions, Duration sentinelDownAfter, FixedPorts ports, boolean anonymousDefences,
		Optional<ScalingPolicy> autoscale, Optional<Capacity> capacity, Optional<Errors> errors,
		Optional<Duration> hedge) {

	/** Before the defences: an anonymous session lives as long as a logged-in one. */
	private static final Duration UNDEFENDED_ANONYMOUS_IDLE_TIMEOUT = Duration.ofDays(1);

	/**
	 * With session store {@code cluster}: members known without a restart, up to this.
	 */
	static final int CLUSTER_MEMBERS = 6;

	private static final Pattern REPLICA = Pattern.compile("app-[1-9][0-9]?");

	private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s)");

	public LocalSettings {
		weights = Map.copyOf(weights);
		javaOptions = List.copyOf(javaOptions);
		gatewayJavaOptions = List.copyOf(gatewayJavaOptions);
	}

	/** {@code app-3=100ms}: every {@code /api} request of app-3 waits that long. */
	public record Slow(String replica, Duration delay) {

		public static Slow parse(String text) {
			int eq = text.indexOf('=');
			if (eq < 0 || !REPLICA.matcher(text.substring(0, eq)).matches()) {
				throw new IllegalArgumentException("--slow must look like app-3=100ms (or none)");
			}
			return new Slow(text.substring(0, eq), duration(text.substring(eq + 1), "--slow"));
		}

		@Override
		public String toString() {
			return this.replica + "=" + this.delay.toMillis() + "ms";
		}

	}

	/**
	 * {@code app-3=20%}: that share of app-3's {@code /api} requests, drawn at random,
	 * get a 500 while its health checks keep passing.
	 */
	public record Errors(String replica, int percent) {

		private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3})%");

		public Errors {
			if (percent < 1 || percent > 100) {
				throw new IllegalArgumentException("--errors takes 1% to 100%, was " + percent + "%");
			}
		}

		public static Errors parse(String text) {
			int eq = text.indexOf('=');
			Matcher matcher = PERCENT.matcher((eq < 0) ? "" : text.substring(eq + 1));
			if (eq < 0 || !REPLICA.matcher(text.substring(0, eq)).matches() || !matcher.matches()) {
				throw new IllegalArgumentException("--errors must look like app-3=20% (or none)");
			}
			return new Errors(text.substring(0, eq), Integer.parseInt(matcher.group(1)));
		}

		@Override
		public String toString() {
			return this.replica + "=" + this.percent + "%";
		}

	}

	/**
	 * {@code 8@100ms}: a replica works on 8 {@code /api} requests at once, 100 ms each,
	 * so it serves at most 80 a second; the others wait their turn.
	 */
	public record Capacity(int concurrent, Duration serviceTime) {

		private static final Pattern TEXT = Pattern.compile("([1-9][0-9]{0,3})@(.+)");

		public Capacity {
			if (concurrent < 1 || serviceTime.isZero() || serviceTime.isNegative()) {
				throw new IllegalArgumentException("--capacity needs at least 1 request at a time, each taking some "
						+ "time, was " + concurrent + "@" + serviceTime.toMillis() + "ms");
			}
		}

		public static Capacity parse(String text) {
			Matcher matcher = TEXT.matcher(text);
			if (!matcher.matches()) {
				throw new IllegalArgumentException(
						"--capacity must look like 8@100ms (8 requests at a time, 100 ms each) or none, was '" + text
								+ "'");
			}
			return new Capacity(Integer.parseInt(matcher.group(1)), duration(matcher.group(2), "--capacity"));
		}

		/** Requests a second one replica can serve. */
		public double perSecond() {
			return this.concurrent * 1000.0 / this.serviceTime.toMillis();
		}

		@Override
		public String toString() {
			return this.concurrent + "@" + this.serviceTime.toMillis() + "ms";
		}

	}

	/** Without options: what {@code ./scaleout up} runs, moved by the environment. */
	public static LocalSettings defaults(Map<String, String> environment) {
		String lockNodes = environment.getOrDefault("SCALEOUT_LOCK_NODES", "3");
		if (!lockNodes.equals("1") && !lockNodes.equals("3")) {
			throw new IllegalArgumentException("SCALEOUT_LOCK_NODES must be 1 or 3, was '" + lockNodes + "'");
		}
		String javaOptions = environment.get("SCALEOUT_JAVA_OPTS");
		String gatewayJavaOptions = environment.get("SCALEOUT_GATEWAY_JAVA_OPTS");
		return new LocalSettings(3, SessionStore.REDIS, Replication.ALL_TO_ALL, Strategy.ROUND_ROBIN, Guard.REDLOCK,
				StorageType.S3, Optional.empty(), Map.of(), false, true,
				Boolean.parseBoolean(environment.getOrDefault("SCALEOUT_LOGIN_RATE_LIMIT", "true")),
				choice(HashSource.class, environment.getOrDefault("SCALEOUT_HASH_SOURCE", "client-ip"),
						"SCALEOUT_HASH_SOURCE"),
				environment.getOrDefault("SCALEOUT_HASH_NAME", "SESSION"),
				duration(environment.getOrDefault("SCALEOUT_CRITICAL_SECTION_DELAY", "0ms"),
						"SCALEOUT_CRITICAL_SECTION_DELAY"),
				choice(CartStore.class, environment.getOrDefault("SCALEOUT_CART_STORE", "shared"),
						"SCALEOUT_CART_STORE"),
				choice(SessionSaveMode.class,
						environment.getOrDefault("SCALEOUT_SESSION_SAVE_MODE", "on-set-attribute"),
						"SCALEOUT_SESSION_SAVE_MODE"),
				Integer.parseInt(lockNodes), options(javaOptions, TopologySpec.DEFAULT_JAVA_OPTIONS),
				options(gatewayJavaOptions, TopologySpec.DEFAULT_GATEWAY_JAVA_OPTIONS),
				Duration.ofMillis(Long.parseLong(environment.getOrDefault("SCALEOUT_SENTINEL_DOWN_AFTER", "1000"))),
				FixedPorts.fromEnvironment(environment),
				Boolean.parseBoolean(environment.getOrDefault("SCALEOUT_ANONYMOUS_DEFENCES", "true")), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.empty());
	}

	/**
	 * These settings, with what the {@code SCALEOUT_*} variables that are set say
	 * instead: {@code up} remembers the variables of its call, the ones not set keep
	 * their remembered values.
	 */
	public LocalSettings overriddenBy(Map<String, String> environment) {
		LocalSettings now = defaults(environment);
		Map<String, String> ports = new LinkedHashMap<>();
		for (String variable : FixedPorts.VARIABLES.keySet()) {
			String remembered = String.valueOf(this.ports.of(variable));
			ports.put(variable, environment.getOrDefault(variable, remembered));
		}
		return new LocalSettings(this.replicas, this.session, this.replication, this.lb, this.guard, this.storage,
				this.slow, this.weights, this.ha, this.canary,
				environment.containsKey("SCALEOUT_LOGIN_RATE_LIMIT") ? now.loginRateLimit() : this.loginRateLimit,
				environment.containsKey("SCALEOUT_HASH_SOURCE") ? now.hashSource() : this.hashSource,
				environment.containsKey("SCALEOUT_HASH_NAME") ? now.hashName() : this.hashName,
				environment.containsKey("SCALEOUT_CRITICAL_SECTION_DELAY") ? now.criticalSectionDelay()
						: this.criticalSectionDelay,
				environment.containsKey("SCALEOUT_CART_STORE") ? now.cartStore() : this.cartStore,
				environment.containsKey("SCALEOUT_SESSION_SAVE_MODE") ? now.sessionSaveMode() : this.sessionSaveMode,
				environment.containsKey("SCALEOUT_LOCK_NODES") ? now.lockNodes() : this.lockNodes,
				environment.containsKey("SCALEOUT_JAVA_OPTS") ? now.javaOptions() : this.javaOptions,
				environment.containsKey("SCALEOUT_GATEWAY_JAVA_OPTS") ? now.gatewayJavaOptions()
						: this.gatewayJavaOptions,
				environment.containsKey("SCALEOUT_SENTINEL_DOWN_AFTER") ? now.sentinelDownAfter()
						: this.sentinelDownAfter,
				FixedPorts.fromEnvironment(ports), environment.containsKey("SCALEOUT_ANONYMOUS_DEFENCES")
						? now.anonymousDefences() : this.anonymousDefences,
				this.autoscale, this.capacity, this.errors, this.hedge);
	}

	/** The topology these settings describe. */
	public TopologySpec spec() {
		TopologySpec.Builder builder = TopologySpec.builder()
			.redis((this.ha ? Redis.sentinel(this.sentinelDownAfter) : Redis.standalone()).withPersistence())
			.lockNodes(this.lockNodes)
			.objectStore(true)
			.replicas(this.replicas)
			.sessionStore(this.session)
			.replication(this.replication)
			.guard(this.guard)
			.storage(this.storage)
			.clusterMembers(CLUSTER_MEMBERS)
			.app(AppKeys.INVENTORY_CRITICAL_SECTION_DELAY, this.criticalSectionDelay)
			.app(AppKeys.CART_STORE, this.cartStore)
			.app(AppKeys.SESSION_REDIS_SAVE_MODE, this.sessionSaveMode)
			.strategy(this.lb)
			.loginRateLimit(this.loginRateLimit)
			.hashKey(this.hashSource, this.hashName)
			.javaOptions(this.javaOptions)
			.gatewayJavaOptions(this.gatewayJavaOptions);
		this.capacity.ifPresent((capacity) -> builder.app(AppKeys.CHAOS_CAPACITY, capacity.concurrent())
			.app(AppKeys.CHAOS_LATENCY, capacity.serviceTime()));
		// After the capacity: the slow replica's delay is its own.
		this.slow.ifPresent((slow) -> builder.replica(slow.replica(), AppKeys.CHAOS_LATENCY, slow.delay()));
		this.errors.ifPresent((errors) -> builder.replica(errors.replica(), AppKeys.CHAOS_ERRORS, errors.percent()));
		this.hedge.ifPresent((delay) -> builder.gateway(GatewayKeys.HEDGING_ENABLED, true)
			.gateway(GatewayKeys.HEDGING_DELAY, delay));
		this.weights.forEach(builder::weight);
		if (!this.anonymousDefences) {
			builder.app(AppKeys.SESSION_ANONYMOUS_COOKIE_CHECK, false)
				.app(AppKeys.SESSION_ANONYMOUS_IDLE_TIMEOUT, UNDEFENDED_ANONYMOUS_IDLE_TIMEOUT);
		}
		if (!this.canary) {
			builder.noCanary();
		}
		return builder.build();
	}

	public LocalSettings withReplicas(int replicas) {
		return toBuilder().replicas(replicas).build();
	}

	/** These settings, to change some of them. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Settings with some changed: what an experiment or an option of {@code up} asks for.
	 */
	public static final class Builder {

		private int replicas;

		private SessionStore session;

		private Replication replication;

		private Strategy lb;

		private Guard guard;

		private StorageType storage;

		private Optional<Slow> slow;

		private Map<String, Integer> weights;

		private boolean ha;

		private boolean canary;

		private boolean loginRateLimit;

		private HashSource hashSource;

		private String hashName;

		private Duration criticalSectionDelay;

		private CartStore cartStore;

		private SessionSaveMode sessionSaveMode;

		private final int lockNodes;

		private final List<String> javaOptions;

		private List<String> gatewayJavaOptions;

		private final Duration sentinelDownAfter;

		private final FixedPorts ports;

		private boolean anonymousDefences;

		private Optional<ScalingPolicy> autoscale;

		private Optional<Capacity> capacity;

		private Optional<Errors> errors;

		private Optional<Duration> hedge;

		private Builder(LocalSettings settings) {
			this.replicas = settings.replicas;
			this.session = settings.session;
			this.replication = settings.replication;
			this.lb = settings.lb;
			this.guard = settings.guard;
			this.storage = settings.storage;
			this.slow = settings.slow;
			this.errors = settings.errors;
			this.hedge = settings.hedge;
			this.weights = settings.weights;
			this.ha = settings.ha;
			this.canary = settings.canary;
			this.loginRateLimit = settings.loginRateLimit;
			this.hashSource = settings.hashSource;
			this.hashName = settings.hashName;
			this.criticalSectionDelay = settings.criticalSectionDelay;
			this.cartStore = settings.cartStore;
			this.sessionSaveMode = settings.sessionSaveMode;
			this.lockNodes = settings.lockNodes;
			this.javaOptions = settings.javaOptions;
			this.gatewayJavaOptions = settings.gatewayJavaOptions;
			this.sentinelDownAfter = settings.sentinelDownAfter;
			this.ports = settings.ports;
			this.anonymousDefences = settings.anonymousDefences;
			this.autoscale = settings.autoscale;
			this.capacity = settings.capacity;
		}

		public Builder replicas(int replicas) {
			this.replicas = replicas;
			return this;
		}

		public Builder session(SessionStore session) {
			this.session = session;
			return this;
		}

		public Builder replication(Replication replication) {
			this.replication = replication;
			return this;
		}

		public Builder lb(Strategy lb) {
			this.lb = lb;
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

		public Builder slow(Optional<Slow> slow) {
			this.slow = slow;
			return this;
		}

		public Builder weights(Map<String, Integer> weights) {
			this.weights = weights;
			return this;
		}

		public Builder ha(boolean ha) {
			this.ha = ha;
			return this;
		}

		public Builder canary(boolean canary) {
			this.canary = canary;
			return this;
		}

		public Builder loginRateLimit(boolean loginRateLimit) {
			this.loginRateLimit = loginRateLimit;
			return this;
		}

		public Builder hashKey(HashSource source, String name) {
			this.hashSource = source;
			this.hashName = name;
			return this;
		}

		public Builder criticalSectionDelay(Duration delay) {
			this.criticalSectionDelay = delay;
			return this;
		}

		public Builder cartStore(CartStore cartStore) {
			this.cartStore = cartStore;
			return this;
		}

		public Builder sessionSaveMode(SessionSaveMode sessionSaveMode) {
			this.sessionSaveMode = sessionSaveMode;
			return this;
		}

		public Builder anonymousDefences(boolean anonymousDefences) {
			this.anonymousDefences = anonymousDefences;
			return this;
		}

		public Builder autoscale(Optional<ScalingPolicy> autoscale) {
			this.autoscale = autoscale;
			return this;
		}

		public Builder capacity(Optional<Capacity> capacity) {
			this.capacity = capacity;
			return this;
		}

		public Builder errors(Optional<Errors> errors) {
			this.errors = errors;
			return this;
		}

		public Builder gatewayJavaOptions(List<String> gatewayJavaOptions) {
			this.gatewayJavaOptions = List.copyOf(gatewayJavaOptions);
			return this;
		}

		public Builder hedge(Optional<Duration> hedge) {
			this.hedge = hedge;
			return this;
		}

		public LocalSettings build() {
			return new LocalSettings(this.replicas, this.session, this.replication, this.lb, this.guard, this.storage,
					this.slow, this.weights, this.ha, this.canary, this.loginRateLimit, this.hashSource, this.hashName,
					this.criticalSectionDelay, this.cartStore, this.sessionSaveMode, this.lockNodes, this.javaOptions,
					this.gatewayJavaOptions, this.sentinelDownAfter, this.ports, this.anonymousDefences, this.autoscale,
					this.capacity, this.errors, this.hedge);
		}

	}

	/** A one-line summary for messages. */
	public String describe() {
		return this.replicas + " replicas, session=" + Choices.text(this.session)
				+ ((this.session == SessionStore.CLUSTER) ? " (" + Choices.text(this.replication) + ")" : "") + ", lb="
				+ Choices.text(this.lb) + ", guard=" + Choices.text(this.guard) + ", storage="
				+ Choices.text(this.storage) + ", ha=" + (this.ha ? "yes" : "no")
				+ ((this.cartStore != CartStore.SHARED) ? ", cart=" + Choices.text(this.cartStore) : "")
				+ ((this.sessionSaveMode != SessionSaveMode.ON_SET_ATTRIBUTE)
						? ", save-mode=" + Choices.text(this.sessionSaveMode) : "")
				+ (this.anonymousDefences ? "" : ", anonymous-defences=off")
				+ this.autoscale.map((policy) -> ", autoscale=" + policy.range()).orElse("")
				+ this.capacity.map((capacity) -> ", capacity=" + capacity).orElse("")
				+ this.slow.map((slow) -> ", slow=" + slow).orElse("")
				+ this.errors.map((errors) -> ", errors=" + errors).orElse("")
				+ this.hedge.map((delay) -> ", hedge=" + delay.toMillis() + "ms").orElse("");
	}

	// ---- the settings file ----

	/** The settings of the last {@code up}, or the defaults when there was none. */
	public static LocalSettings load(Path file, Map<String, String> environment) {
		LocalSettings defaults = defaults(environment);
		if (!Files.isRegularFile(file)) {
			return defaults;
		}
		Properties saved = new Properties();
		try (Reader in = Files.newBufferedReader(file)) {
			saved.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			return fromProperties(saved, defaults);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					file + " is damaged (" + ex.getMessage() + "): ./scaleout down resets it", ex);
		}
	}

	public void save(Path file) {
		StringBuilder text = new StringBuilder(
				"# ./scaleout up remembers its settings here; ./scaleout down forgets them\n");
		toProperties().forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Map<String, String> toProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("REPLICAS", String.valueOf(this.replicas));
		properties.put("SESSION", Choices.text(this.session));
		properties.put("REPLICATION", Choices.text(this.replication));
		properties.put("LB", Choices.text(this.lb));
		properties.put("GUARD", Choices.text(this.guard));
		properties.put("STORAGE", Choices.text(this.storage));
		properties.put("SLOW", this.slow.map(Slow::toString).orElse("none"));
		properties.put("WEIGHTS", weightsText(this.weights));
		properties.put("HA", this.ha ? "yes" : "no");
		properties.put("CANARY", this.canary ? "on" : "off");
		properties.put("LOGIN_RATE_LIMIT", String.valueOf(this.loginRateLimit));
		properties.put("HASH_SOURCE", Choices.text(this.hashSource));
		properties.put("HASH_NAME", this.hashName);
		properties.put("CRITICAL_SECTION_DELAY", this.criticalSectionDelay.toMillis() + "ms");
		properties.put("CART_STORE", Choices.text(this.cartStore));
		properties.put("SESSION_SAVE_MODE", Choices.text(this.sessionSaveMode));
		properties.put("LOCK_NODES", String.valueOf(this.lockNodes));
		properties.put("JAVA_OPTS", String.join(" ", this.javaOptions));
		properties.put("GATEWAY_JAVA_OPTS", String.join(" ", this.gatewayJavaOptions));
		properties.put("SENTINEL_DOWN_AFTER", String.valueOf(this.sentinelDownAfter.toMillis()));
		properties.put("ANONYMOUS_DEFENCES", String.valueOf(this.anonymousDefences));
		properties.put("AUTOSCALE", this.autoscale.map(ScalingPolicy::range).orElse("off"));
		properties.put("CAPACITY", this.capacity.map(Capacity::toString).orElse("none"));
		properties.put("ERRORS", this.errors.map(Errors::toString).orElse("none"));
		properties.put("HEDGE", this.hedge.map((delay) -> delay.toMillis() + "ms").orElse("none"));
		for (String variable : FixedPorts.VARIABLES.keySet()) {
			properties.put(variable.substring("SCALEOUT_".length()), String.valueOf(this.ports.of(variable)));
		}
		return properties;
	}

	/**
	 * Names missing from {@code saved} (a file of an older launcher) keep the defaults.
	 */
	static LocalSettings fromProperties(Properties saved, LocalSettings defaults) {
		Map<String, String> ports = new LinkedHashMap<>();
		for (String variable : FixedPorts.VARIABLES.keySet()) {
			String value = saved.getProperty(variable.substring("SCALEOUT_".length()));
			if (value != null) {
				ports.put(variable, value);
			}
		}
		FixedPorts fixed = ports.isEmpty() ? defaults.ports() : FixedPorts.fromEnvironment(ports);
		return new LocalSettings(
				replicas(saved.getProperty("REPLICAS", String.valueOf(defaults.replicas())), "REPLICAS"),
				choice(SessionStore.class, saved.getProperty("SESSION", Choices.text(defaults.session())), "SESSION"),
				choice(Replication.class, saved.getProperty("REPLICATION", Choices.text(defaults.replication())),
						"REPLICATION"),
				choice(Strategy.class, saved.getProperty("LB", Choices.text(defaults.lb())), "LB"),
				choice(Guard.class, saved.getProperty("GUARD", Choices.text(defaults.guard())), "GUARD"),
				choice(StorageType.class, saved.getProperty("STORAGE", Choices.text(defaults.storage())), "STORAGE"),
				slow(saved.getProperty("SLOW", "none")), weights(saved.getProperty("WEIGHTS", "none")),
				"yes".equals(saved.getProperty("HA", defaults.ha() ? "yes" : "no")),
				!"off".equals(saved.getProperty("CANARY", defaults.canary() ? "on" : "off")),
				Boolean.parseBoolean(saved.getProperty("LOGIN_RATE_LIMIT", String.valueOf(defaults.loginRateLimit()))),
				choice(HashSource.class, saved.getProperty("HASH_SOURCE", Choices.text(defaults.hashSource())),
						"HASH_SOURCE"),
				saved.getProperty("HASH_NAME", defaults.hashName()),
				duration(saved.getProperty("CRITICAL_SECTION_DELAY", defaults.criticalSectionDelay().toMillis() + "ms"),
						"CRITICAL_SECTION_DELAY"),
				choice(CartStore.class, saved.getProperty("CART_STORE", Choices.text(defaults.cartStore())),
						"CART_STORE"),
				choice(SessionSaveMode.class,
						saved.getProperty("SESSION_SAVE_MODE", Choices.text(defaults.sessionSaveMode())),
						"SESSION_SAVE_MODE"),
				Integer.parseInt(saved.getProperty("LOCK_NODES", String.valueOf(defaults.lockNodes()))),
				options(saved.getProperty("JAVA_OPTS"), defaults.javaOptions()),
				options(saved.getProperty("GATEWAY_JAVA_OPTS"), defaults.gatewayJavaOptions()),
				Duration.ofMillis(Long.parseLong(saved
					.getProperty("SENTINEL_DOWN_AFTER", String.valueOf(defaults.sentinelDownAfter().toMillis())))),
				fixed,
				Boolean.parseBoolean(
						saved.getProperty("ANONYMOUS_DEFENCES", String.valueOf(defaults.anonymousDefences()))),
				autoscale(saved.getProperty("AUTOSCALE", "off")), capacity(saved.getProperty("CAPACITY", "none")),
				errors(saved.getProperty("ERRORS", "none")), hedge(saved.getProperty("HEDGE", "none")));
	}

	// ---- parsing, with the messages users see ----

	/** JVM options separated by spaces; unset or blank: the fallback. */
	private static List<String> options(String text, List<String> fallback) {
		return (text != null && !text.isBlank()) ? Arrays.asList(text.trim().split("\\s+")) : fallback;
	}

	/** {@code 2..6} or {@code off}. */
	public static Optional<ScalingPolicy> autoscale(String text) {
		return text.equals("off") ? Optional.empty() : Optional.of(ScalingPolicy.parse(text));
	}

	/** {@code 8@100ms} or {@code none}. */
	public static Optional<Capacity> capacity(String text) {
		return text.equals("none") ? Optional.empty() : Optional.of(Capacity.parse(text));
	}

	public static int replicas(String text, String what) {
		if (!text.matches("[1-9][0-9]?")) {
			throw new IllegalArgumentException(what + " must be 1..99, was '" + text + "'");
		}
		return Integer.parseInt(text);
	}

	public static <E extends Enum<E>> E choice(Class<E> type, String text, String what) {
		try {
			return Choices.parse(type, text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(what + " must be " + Choices.describe(type) + ", was '" + text + "'");
		}
	}

	public static Duration duration(String text, String what) {
		Matcher matcher = DURATION.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException(what + " must be a duration such as 100ms or 2s, was '" + text + "'");
		}
		long amount = Long.parseLong(matcher.group(1));
		return matcher.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
	}

	public static Optional<Slow> slow(String text) {
		return text.equals("none") ? Optional.empty() : Optional.of(Slow.parse(text));
	}

	public static Optional<Errors> errors(String text) {
		return text.equals("none") ? Optional.empty() : Optional.of(Errors.parse(text));
	}

	/** {@code 50ms}: hedge GETs after that long; or {@code none}. */
	public static Optional<Duration> hedge(String text) {
		return text.equals("none") ? Optional.empty() : Optional.of(duration(text, "--hedge"));
	}

	/** {@code app-1=3,app-2=3}, or {@code none}. */
	public static Map<String, Integer> weights(String text) {
		if (text.equals("none")) {
			return Map.of();
		}
		Map<String, Integer> weights = new LinkedHashMap<>();
		for (String pair : text.split(",")) {
			String[] parts = pair.split("=", 2);
			if (parts.length != 2 || !REPLICA.matcher(parts[0]).matches() || !parts[1].matches("[0-9]{1,4}")) {
				throw new IllegalArgumentException("--weights must look like app-1=3,app-2=3 (or none)");
			}
			weights.put(parts[0], Integer.parseInt(parts[1]));
		}
		return weights;
	}

	static String weightsText(Map<String, Integer> weights) {
		if (weights.isEmpty()) {
			return "none";
		}
		StringBuilder text = new StringBuilder();
		weights.forEach(
				(name, weight) -> text.append((text.length() > 0) ? "," : "").append(name).append('=').append(weight));
		return text.toString();
	}

}
