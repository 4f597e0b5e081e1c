package dev.scaleout.topology.settings;

import java.time.Duration;
import java.util.List;

/**
 * The app-service properties the topology sets (see each property's record in
 * app-service). A new setting is one more constant here.
 */
public final class AppKeys {

	public static final Key<String> PROFILES = Key.text("spring.profiles.active");

	public static final Key<String> INSTANCE_ID = Key.text("app.instance-id");

	public static final Key<String> VERSION = Key.text("app.version");

	public static final Key<SessionStore> SESSION_STORE = Key.choice("app.session.store", SessionStore.class);

	public static final Key<Replication> SESSION_CLUSTER_REPLICATION = Key.choice("app.session.cluster.replication",
			Replication.class);

	public static final Key<Integer> SESSION_CLUSTER_PORT = Key.number("app.session.cluster.port");

	public static final Key<List<String>> SESSION_CLUSTER_MEMBERS = Key.list("app.session.cluster.members");

	public static final Key<SessionSaveMode> SESSION_REDIS_SAVE_MODE = Key.choice("app.session.redis.save-mode",
			SessionSaveMode.class);

	public static final Key<CartStore> CART_STORE = Key.choice("app.cart.store", CartStore.class);

	public static final Key<Guard> INVENTORY_GUARD = Key.choice("app.inventory.guard", Guard.class);

	public static final Key<List<String>> INVENTORY_LOCK_NODES = Key.list("app.inventory.lock-nodes");

	public static final Key<Duration> INVENTORY_CRITICAL_SECTION_DELAY = Key
		.duration("app.inventory.critical-section-delay");

	public static final Key<StorageType> STORAGE_TYPE = Key.choice("app.storage.type", StorageType.class);

	public static final Key<String> STORAGE_ENDPOINT = Key.text("app.storage.endpoint");

	public static final Key<String> STORAGE_ACCESS_KEY = Key.text("app.storage.access-key");

	public static final Key<String> STORAGE_SECRET_KEY = Key.text("app.storage.secret-key");

	public static final Key<Long> STORAGE_MAX_SIZE = Key.bytes("app.storage.max-size");

	public static final Key<String> STORAGE_LOCAL_DIR = Key.text("app.storage.local-dir");

	public static final Key<Duration> CHAOS_LATENCY = Key.duration("app.chaos.latency");

	public static final Key<Integer> CHAOS_CAPACITY = Key.number("app.chaos.capacity");

	public static final Key<Integer> CHAOS_ERRORS = Key.number("app.chaos.errors");

	public static final Key<Integer> LOAD_TEST_USERS = Key.number("app.identity.load-test-users");

	public static final Key<Integer> LOGIN_THROTTLE_MAX_FAILURES = Key
		.number("app.identity.login-throttle.max-failures");

	public static final Key<Duration> LOGIN_THROTTLE_WINDOW = Key.duration("app.identity.login-throttle.window");

	public static final Key<Boolean> SESSION_ANONYMOUS_COOKIE_CHECK = Key.flag("app.session.anonymous.cookie-check");

	/**
	 * A value above {@code app.session.idle-timeout} means "as long as a logged-in
	 * session" (the app never makes it longer).
	 */
	public static final Key<Duration> SESSION_ANONYMOUS_IDLE_TIMEOUT = Key
		.duration("app.session.anonymous.idle-timeout");

	private AppKeys() {
	}

	/** Every key the topology can set on a replica, Spring Boot's own included. */
	public static List<Key<?>> all() {
		return Keys.declaredIn(AppKeys.class, SpringKeys.class);
	}

}
