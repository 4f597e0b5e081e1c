package dev.scaleout.topology;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import dev.scaleout.topology.process.Launcher;
import dev.scaleout.topology.process.OwnedLauncher;
import dev.scaleout.topology.process.Readiness;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.Settings;

/**
 * The S3-compatible object store every replica shares: S3Proxy over the local file system
 * ({@code s3proxy}), where docker compose runs MinIO. Objects live in a directory that
 * survives a kill and a start, like a storage server's disks.
 */
public final class ObjectStore implements AutoCloseable {

	public static final String ACCESS_KEY = "scaleout";

	public static final String SECRET_KEY = "scaleout-dev-secret";

	public static final String NAME = "s3proxy";

	private final Node node;

	private final Launcher launcher;

	private final OwnedLauncher own;

	ObjectStore(int port, Launcher launcher, Artifacts artifacts) {
		this(port, launcher, artifacts, null);
	}

	private ObjectStore(int port, Launcher launcher, Artifacts artifacts, OwnedLauncher own) {
		this.launcher = launcher;
		this.own = own;
		// Any HTTP answer (403 to an unsigned request) means it serves.
		this.node = new Node(NAME, port, launcher, Readiness.answers(URI.create("http://127.0.0.1:" + port + "/")),
				() -> Programs.s3proxy(NAME, port, launcher.directory(NAME), artifacts.s3proxyHome()));
	}

	/** A store of its own on a free port, which dies with the JVM or at close. */
	public static ObjectStore start() {
		OwnedLauncher launcher = Launcher.owned();
		ObjectStore store = new ObjectStore(Ports.free().objectStore(), launcher, Artifacts.ofBuild(), launcher);
		try {
			store.node.start().awaitReady(Duration.ofSeconds(60));
		}
		catch (RuntimeException ex) {
			store.close();
			throw ex;
		}
		return store;
	}

	public Node node() {
		return this.node;
	}

	public int port() {
		return this.node.port();
	}

	public String endpoint() {
		return this.node.url();
	}

	/** The directory that holds the buckets, one sub-directory each. */
	public Path dataDir() {
		return this.launcher.directory(NAME).resolve("data");
	}

	/** How the replicas reach it. */
	public Settings clientSettings() {
		return Settings.of(AppKeys.STORAGE_ENDPOINT, endpoint())
			.with(AppKeys.STORAGE_ACCESS_KEY, ACCESS_KEY)
			.with(AppKeys.STORAGE_SECRET_KEY, SECRET_KEY);
	}

	/**
	 * Stops a store started on its own and deletes its objects; within a topology,
	 * nothing.
	 */
	@Override
	public void close() {
		if (this.own != null) {
			this.own.close();
		}
	}

}
