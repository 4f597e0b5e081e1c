package dev.scaleout.app.files;

import java.time.Duration;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.app.support.Multipart;
import dev.scaleout.testsupport.RedisServer;
import dev.scaleout.topology.ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.scaleout.app.files.SampleFiles.filesUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the object storage dies, file calls answer an honest 503 at once, readiness says
 * so, everything else keeps working, and uploads work again as soon as the storage is
 * back, without restarting the replica.
 */
class StorageOutageTests {

	static RedisServer redis;

	static ObjectStore s3;

	static AppInstance app;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		s3 = ObjectStore.start();
		app = AppInstance.start("files-outage", redis, SampleFiles.s3(s3));
	}

	@AfterAll
	static void stop() {
		app.close();
		s3.close();
		redis.close();
	}

	@Test
	void storageDownMeansFast503ForFilesOnlyThenRecoveryWithoutRestart() {
		HttpTestClient alice = app.login("alice");
		Response before = alice.upload(filesUrl(app), Multipart.file("a.txt", "text/plain", SampleFiles.text("a")));
		assertThat(before.status()).isEqualTo(201);
		String id = before.json().get("id").asString();
		assertThat(alice.get(app.url("/actuator/health/readiness")).status()).isEqualTo(200);

		s3.node().kill();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(alice.get(app.url("/actuator/health/readiness")).status()).isEqualTo(503));
		long started = System.nanoTime();
		Response upload = alice.upload(filesUrl(app), Multipart.file("b.txt", "text/plain", SampleFiles.text("b")));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(upload.status()).isEqualTo(503);
		assertThat(upload.header("Content-Type")).startsWith("application/problem+json");
		assertThat(upload.header("Retry-After")).isEqualTo("1");
		assertThat(upload.json().get("detail").asString()).contains("storage");
		assertThat(took).as("a dead storage must not hold the request").isLessThan(Duration.ofSeconds(3));
		assertThat(alice.get(app.url("/api/files/" + id)).status()).isEqualTo(503);
		assertThat(alice.get(filesUrl(app)).status()).isEqualTo(503);
		assertThat(alice.delete(app.url("/api/files/" + id)).status()).isEqualTo(503);
		assertThat(alice.get(app.url("/api/whoami")).status()).as("sessions do not need the storage").isEqualTo(200);
		assertThat(alice.get(app.url("/api/products")).status()).isEqualTo(200);
		assertThat(alice.get(app.url("/actuator/health/liveness")).status()).isEqualTo(200);

		s3.node().start().awaitReady(Duration.ofSeconds(60));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(alice.get(app.url("/actuator/health/readiness")).status()).isEqualTo(200));
		assertThat(alice.download(app.url("/api/files/" + id)).body()).isEqualTo(SampleFiles.text("a"));
		assertThat(alice.upload(filesUrl(app), Multipart.file("c.txt", "text/plain", SampleFiles.text("c"))).status())
			.isEqualTo(201);
	}

}
