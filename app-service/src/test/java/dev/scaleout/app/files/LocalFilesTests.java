package dev.scaleout.app.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.app.support.Multipart;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.scaleout.app.files.SampleFiles.filesUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stateful way, kept to be seen failing: with {@code app.storage.type=local} each
 * replica writes to its own disk, so a file uploaded through one replica does not exist
 * on the other — even though the user's session does.
 */
class LocalFilesTests {

	static RedisServer redis;

	static AppInstance a;

	static AppInstance b;

	@BeforeAll
	static void start() throws IOException {
		redis = RedisServer.start();
		a = AppInstance.start("local-a", redis, "app.storage.type=local",
				"app.storage.local-dir=" + Files.createTempDirectory("uploads-a"));
		b = AppInstance.start("local-b", redis, "app.storage.type=local",
				"app.storage.local-dir=" + Files.createTempDirectory("uploads-b"));
	}

	@AfterAll
	static void stop() {
		b.close();
		a.close();
		redis.close();
	}

	@Test
	void aFileOnOneReplicasDiskIsMissingOnTheOther() {
		HttpTestClient alice = a.login("alice");
		byte[] png = SampleFiles.png(10_000);

		Response upload = alice.upload(filesUrl(a), Multipart.file("local.png", "image/png", png));
		assertThat(upload.status()).isEqualTo(201);
		String id = upload.json().get("id").asString();

		assertThat(alice.download(a.url("/api/files/" + id)).body()).isEqualTo(png);
		assertThat(alice.get(b.url("/api/whoami")).json().get("user").asString()).as("the session is shared")
			.isEqualTo("alice");
		assertThat(alice.get(b.url("/api/files/" + id)).status()).as("the file is not").isEqualTo(404);
		assertThat(alice.get(filesUrl(b)).json().isEmpty()).isTrue();
	}

	@Test
	void localStorageStoresNothingOutsideTheOwnersDirectory() throws IOException {
		HttpTestClient alice = a.login("alice");
		Path root = Path.of(a.context().getEnvironment().getProperty("app.storage.local-dir"));
		Response upload = alice.upload(filesUrl(a),
				Multipart.file("../../../escape.txt", "text/plain", SampleFiles.text("stay")));
		assertThat(upload.status()).isEqualTo(201);
		try (var entries = Files.list(root.getParent())) {
			assertThat(entries.map((entry) -> entry.getFileName().toString())).doesNotContain("escape.txt");
		}
		assertThat(alice.delete(a.url("/api/files/..%2F..%2Fx")).status()).isIn(400, 404);
	}

}
