package dev.scaleout.deployment;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import dev.scaleout.topology.gateway.GatewayClient;
import dev.scaleout.topology.gateway.InstanceView;
import dev.scaleout.topology.settings.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The users' first command, for real: {@code docker compose up} on a Docker engine, the
 * project's images built from their Dockerfiles, every request through the published port
 * 8080 as a user's would go. Sessions hop between replicas, an upload is read back
 * through the others, {@code --scale app=5} is admitted, a {@code docker kill} under load
 * fails nobody, and with {@code --profile ha} the loss of the Redis primary costs no
 * session. Where no registry can be reached, {@code .ci/docker-engine} provides the
 * engine and stand-ins for the third-party images (it says which).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeEndToEndTests {

	static final String GATEWAY = "http://127.0.0.1:8080";

	/** How compose names a replica's container, and the dashboard now too. */
	static final Pattern REPLICA = Pattern.compile("scaleout-app-\\d+");

	static final Path LOG = RepoFiles.file("deployment-tests/target/compose/compose.log");

	final GatewayClient gateway = new GatewayClient(GATEWAY);

	@BeforeAll
	void up() throws IOException {
		Files.createDirectories(LOG.getParent());
		if (run(List.of("docker", "compose", "version"), Map.of(), Duration.ofSeconds(30)) != 0
				|| run(List.of("docker", "info"), Map.of(), Duration.ofSeconds(30)) != 0) {
			fail("These tests need a Docker engine with compose v2 (.ci/docker-engine starts one on Debian); see "
					+ LOG);
		}
		// Whatever an earlier run left behind.
		compose(Map.of(), Duration.ofMinutes(3), "--profile", "ha", "down", "-v", "--remove-orphans");
		long building = System.nanoTime();
		compose(Map.of(), Duration.ofMinutes(20), "build");
		System.out.println("compose: images built in " + seconds(building) + " s");
		long starting = System.nanoTime();
		compose(Map.of(), Duration.ofMinutes(5), "up", "-d");
		awaitServing(3, Duration.ofMinutes(4));
		System.out.println("compose: 3 replicas serving through :8080 " + seconds(starting) + " s after up");
	}

	@AfterAll
	void down() {
		compose(Map.of("REDIS_MODE", "sentinel"), Duration.ofMinutes(3), "--profile", "ha", "down", "-v",
				"--remove-orphans");
	}

	@Test
	@Order(1)
	void aSessionHopsOverTheReplicasWithEveryVisitCountedAndEachNamedAsComposeNamesIt() throws Exception {
		User alice = User.logIn("alice");
		Set<String> replicas = new HashSet<>();
		long last = alice.visits();
		for (int i = 0; i < 9; i++) {
			HttpResponse<String> whoami = alice.get("/api/whoami");
			assertThat(whoami.statusCode()).isEqualTo(200);
			long visits = number(whoami.body(), "visits");
			assertThat(visits).as("visits after %d", last).isEqualTo(last + 1);
			last = visits;
			replicas.add(whoami.headers().firstValue("X-Instance").orElse("?"));
		}
		assertThat(replicas).hasSize(3).allMatch((name) -> REPLICA.matcher(name).matches());
		assertThat(this.gateway.instances().pool(Pool.APP).instances()).extracting(InstanceView::id)
			.containsExactlyInAnyOrderElementsOf(replicas);
	}

	@Test
	@Order(2)
	void anUploadIsReadBackThroughEveryOtherReplica() throws Exception {
		User bob = User.logIn("bob");
		byte[] content = ("compose end-to-end " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> upload = bob.upload("notes.txt", content);
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		String id = text(upload.body(), "id");
		String uploadedBy = upload.headers().firstValue("X-Instance").orElse("?");
		Set<String> readers = new HashSet<>();
		for (int i = 0; i < 6; i++) {
			HttpResponse<byte[]> download = bob.download("/api/files/" + id);
			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(download.body()).isEqualTo(content);
			readers.add(download.headers().firstValue("X-Instance").orElse("?"));
		}
		assertThat(readers).as("replicas that served the download")
			.hasSizeGreaterThan(1)
			.anyMatch((reader) -> !reader.equals(uploadedBy));
	}

	@Test
	@Order(3)
	void scaledToFiveTheGatewayAdmitsTheNewReplicasByItself() {
		long scaling = System.nanoTime();
		compose(Map.of(), Duration.ofMinutes(4), "up", "-d", "--scale", "app=5", "--no-recreate");
		awaitServing(5, Duration.ofMinutes(3));
		System.out.println("compose: 5 replicas serving " + seconds(scaling) + " s after --scale app=5");
	}

	@Test
	@Order(4)
	void aReplicaKilledUnderLoadFailsNoRequestOfTheUsersBrowsing() throws Exception {
		List<String> failures = new CopyOnWriteArrayList<>();
		AtomicBoolean browsing = new AtomicBoolean(true);
		List<Thread> users = new ArrayList<>();
		for (int n = 1; n <= 4; n++) {
			User user = User.logIn("user" + n);
			long first = user.visits();
			Thread thread = new Thread(() -> {
				long visits = first;
				while (browsing.get()) {
					try {
						HttpResponse<String> whoami = user.get("/api/whoami");
						long now = (whoami.statusCode() == 200) ? number(whoami.body(), "visits") : -1;
						if (whoami.statusCode() != 200 || now != visits + 1) {
							failures.add(whoami.statusCode() + " " + whoami.body() + " (visits " + (visits + 1)
									+ " expected)");
						}
						visits = now;
					}
					catch (IOException | InterruptedException ex) {
						failures.add(ex.toString());
					}
				}
			}, "user" + n);
			thread.start();
			users.add(thread);
		}
		Thread.sleep(3000);
		// As a user kills one: by the name docker compose ps shows.
		assertThat(run(List.of("docker", "kill", "scaleout-app-2"), Map.of(), Duration.ofSeconds(30))).isZero();
		Thread.sleep(8000);
		browsing.set(false);
		for (Thread thread : users) {
			thread.join(15_000);
		}
		assertThat(failures).as("requests of the users browsing that failed or lost a visit").isEmpty();
		assertThat(this.gateway.instances().pool(Pool.APP).healthy()).isEqualTo(4);
	}

	@Test
	@Order(5)
	void withProfileHaTheLossOfTheRedisPrimaryCostsNoSession() throws Exception {
		Map<String, String> sentinel = Map.of("REDIS_MODE", "sentinel");
		compose(sentinel, Duration.ofMinutes(5), "--profile", "ha", "up", "-d", "--scale", "app=3");
		awaitServing(3, Duration.ofMinutes(4));
		User admin = User.logIn("admin");
		long before = admin.visits();
		// Replication to redis-replica is asynchronous: give the session a moment to be
		// copied.
		Thread.sleep(2000);
		compose(sentinel, Duration.ofSeconds(30), "kill", "redis");
		long killed = System.nanoTime();
		long visits = -1;
		while (System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(60)) {
			HttpResponse<String> whoami = admin.get("/api/whoami");
			if (whoami.statusCode() == 200) {
				visits = number(whoami.body(), "visits");
				assertThat(text(whoami.body(), "user")).as("still logged in").isEqualTo("admin");
				break;
			}
			assertThat(whoami.statusCode()).as("while the Sentinels fail over: " + whoami.body()).isEqualTo(503);
			Thread.sleep(500);
		}
		System.out.println("compose: whoami answered 200 again " + seconds(killed) + " s after the primary died");
		assertThat(visits).as("the session's visits after the failover").isGreaterThan(before);
	}

	// ---- helpers ----

	private void awaitServing(int replicas, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long serving = -1;
		while (System.nanoTime() < deadline) {
			serving = this.gateway.tryInstances()
				.map((view) -> view.pool(Pool.APP)
					.instances()
					.stream()
					.filter((instance) -> instance.isHealthy() && !instance.draining())
					.count())
				.orElse(-1L);
			if (serving == replicas) {
				return;
			}
			sleep(Duration.ofSeconds(1));
		}
		run(List.of("docker", "compose", "ps", "-a"), Map.of(), Duration.ofSeconds(30));
		run(List.of("docker", "compose", "logs", "--tail", "40"), Map.of(), Duration.ofSeconds(60));
		fail("the gateway routes to " + serving + " replicas, not " + replicas + ", after " + timeout.toSeconds()
				+ " s; docker compose ps and logs in " + LOG);
	}

	private static void compose(Map<String, String> environment, Duration timeout, String... arguments) {
		List<String> command = new ArrayList<>(List.of("docker", "compose"));
		command.addAll(List.of(arguments));
		int status = run(command, environment, timeout);
		assertThat(status).as(String.join(" ", command) + " (output in " + LOG + ")").isZero();
	}

	private static int run(List<String> command, Map<String, String> environment, Duration timeout) {
		try {
			Files.writeString(LOG, "\n$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			ProcessBuilder builder = new ProcessBuilder(command).directory(RepoFiles.root().toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static long seconds(long sinceNanos) {
		return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A number field of a JSON answer, parsed, -1 when absent. */
	static long number(String json, String field) {
		return RepoFiles.JSON.readTree(json).path(field).asLong(-1);
	}

	/** A text field of a JSON answer, parsed, null when absent. */
	static String text(String json, String field) {
		JsonNode value = RepoFiles.JSON.readTree(json).path(field);
		return value.isString() ? value.asString() : null;
	}

	/** One browser of a demo user: its cookies, the CSRF double-submit. */
	static final class User {

		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.connectTimeout(Duration.ofSeconds(2))
			.version(HttpClient.Version.HTTP_1_1)
			.build();

		static User logIn(String name) throws IOException, InterruptedException {
			User user = new User();
			// The check cookie, then the session: two visits before the login, as a
			// browser.
			user.get("/api/whoami");
			user.get("/api/whoami");
			HttpResponse<String> login = user.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/login"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"username\":\"" + name + "\",\"password\":\"password\"}")));
			assertThat(login.statusCode()).as("login of " + name + ": " + login.body()).isEqualTo(200);
			return user;
		}

		long visits() throws IOException, InterruptedException {
			return number(get("/api/whoami").body(), "visits");
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return send(HttpRequest.newBuilder(URI.create(GATEWAY + path)).GET());
		}

		HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
			return this.http.send(
					HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}

		HttpResponse<String> upload(String name, byte[] content) throws IOException, InterruptedException {
			String boundary = "scaleout-" + UUID.randomUUID();
			byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
					+ "\"\r\nContent-Type: text/plain\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8);
			byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
			byte[] body = new byte[head.length + content.length + tail.length];
			System.arraycopy(head, 0, body, 0, head.length);
			System.arraycopy(content, 0, body, head.length, content.length);
			System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
			return send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/files"))
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
			request.timeout(Duration.ofSeconds(10)).header("Accept", "application/json");
			for (HttpCookie cookie : this.cookies.getCookieStore().getCookies()) {
				if (cookie.getName().equals("XSRF-TOKEN")) {
					request.header("X-XSRF-TOKEN", cookie.getValue());
				}
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
