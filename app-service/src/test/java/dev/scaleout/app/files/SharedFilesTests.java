package dev.scaleout.app.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.app.support.Multipart;
import dev.scaleout.app.support.RawHttp;
import dev.scaleout.testsupport.RedisServer;
import dev.scaleout.topology.ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.scaleout.app.files.SampleFiles.filesUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads in S3-compatible storage (a real S3Proxy process), shared by two replicas: a
 * file uploaded through one is served by the other, only to its owner, and whatever is
 * refused leaves nothing behind.
 */
class SharedFilesTests {

	static RedisServer redis;

	static ObjectStore s3;

	static AppInstance a;

	static AppInstance b;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		s3 = ObjectStore.start();
		a = AppInstance.start("files-a", redis, SampleFiles.s3(s3));
		b = AppInstance.start("files-b", redis, SampleFiles.s3(s3));
	}

	@AfterAll
	static void stop() {
		b.close();
		a.close();
		s3.close();
		redis.close();
	}

	@Test
	void fileUploadedThroughOneReplicaIsServedByTheOther() {
		HttpTestClient alice = a.login("alice");
		byte[] png = SampleFiles.png(300_000);

		Response upload = alice.upload(filesUrl(a), Multipart.file("diagram.png", "image/png", png));

		assertThat(upload.status()).isEqualTo(201);
		JsonNode file = upload.json();
		String id = file.get("id").asString();
		assertThat(upload.header("Location")).isEqualTo("/api/files/" + id);
		assertThat(file.get("name").asString()).isEqualTo("diagram.png");
		assertThat(file.get("size").asLong()).isEqualTo(png.length);
		assertThat(file.get("contentType").asString()).isEqualTo("image/png");
		assertThat(file.get("sha256").asString()).isEqualTo(SampleFiles.sha256(png));

		HttpResponse<byte[]> download = alice.download(b.url("/api/files/" + id));
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("X-Instance")).hasValue("files-b");
		assertThat(SampleFiles.sha256(download.body())).isEqualTo(SampleFiles.sha256(png));
		assertThat(download.body()).isEqualTo(png);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(download.headers().firstValue("Content-Length")).hasValue(String.valueOf(png.length));
		assertThat(download.headers().firstValue("ETag")).hasValue("\"" + SampleFiles.sha256(png) + "\"");
		assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
				(disposition) -> assertThat(disposition).startsWith("attachment").contains("diagram.png"));
		assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

		HttpResponse<byte[]> unchanged = alice.download(b.url("/api/files/" + id), "If-None-Match",
				"\"" + SampleFiles.sha256(png) + "\"");
		assertThat(unchanged.statusCode()).isEqualTo(304);
		assertThat(unchanged.body()).isEmpty();

		assertThat(alice.get(filesUrl(b)).json().valueStream().map((listed) -> listed.get("id").asString()))
			.contains(id);
		assertThat(alice.delete(b.url("/api/files/" + id)).status()).isEqualTo(204);
		assertThat(alice.get(a.url("/api/files/" + id)).status()).isEqualTo(404);
		assertThat(alice.delete(a.url("/api/files/" + id)).status()).isEqualTo(404);
	}

	@Test
	void onlyTheOwnerCanReadOrDeleteAFile() {
		HttpTestClient alice = a.login("alice");
		String id = alice.upload(filesUrl(a), Multipart.file("notes.txt", "text/plain", SampleFiles.text("mine")))
			.json()
			.get("id")
			.asString();
		HttpTestClient bob = b.login("bob");

		Response read = bob.get(b.url("/api/files/" + id));
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.header("Content-Type")).startsWith("application/problem+json");
		assertThat(bob.delete(b.url("/api/files/" + id)).status()).isEqualTo(404);
		assertThat(bob.get(filesUrl(b)).json().valueStream().map((listed) -> listed.get("id").asString()))
			.doesNotContain(id);
		assertThat(alice.get(a.url("/api/files/" + id)).status()).isEqualTo(200);

		HttpTestClient anonymous = new HttpTestClient();
		anonymous.get(a.url("/api/whoami"));
		assertThat(anonymous.get(a.url("/api/files/" + id)).status()).isEqualTo(401);
		assertThat(anonymous.get(filesUrl(a)).status()).isEqualTo(401);
		assertThat(anonymous.upload(filesUrl(a), Multipart.file("x.txt", "text/plain", SampleFiles.text("x"))).status())
			.isEqualTo(401);
		// Ids that are not ours name no file, whatever they look like.
		assertThat(alice.get(a.url("/api/files/..%2F..%2Fetc%2Fpasswd")).status()).isIn(400, 404);
		assertThat(alice.get(a.url("/api/files/not-an-id")).status()).isEqualTo(404);
	}

	@Test
	void theTypeIsDecidedByTheBytesNotByTheClient() {
		HttpTestClient alice = a.login("alice");

		Response pdfAsPng = alice.upload(filesUrl(a), Multipart.file("photo.png", "image/png", SampleFiles.pdf(2000)));
		assertThat(pdfAsPng.status()).isEqualTo(415);
		assertThat(pdfAsPng.json().get("detail").asString()).contains("image/png").contains("application/pdf");

		Response unknown = alice.upload(filesUrl(a),
				Multipart.file("data.bin", "application/octet-stream", SampleFiles.random(2000)));
		assertThat(unknown.status()).isEqualTo(415);
		assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");

		Response notUtf8 = alice.upload(filesUrl(a),
				Multipart.file("latin1.txt", "text/plain", new byte[] { 'c', 'a', 'f', (byte) 0xE9 }));
		assertThat(notUtf8.status()).isEqualTo(415);

		Response pngWithoutType = alice.upload(filesUrl(a),
				Multipart.file("no-extension", "application/octet-stream", SampleFiles.png(500)));
		assertThat(pngWithoutType.status()).isEqualTo(201);
		assertThat(pngWithoutType.json().get("contentType").asString()).isEqualTo("image/png");

		Response text = alice.upload(filesUrl(a), Multipart.file("hello.txt", null, SampleFiles.text("héllo\n")));
		assertThat(text.status()).isEqualTo(201);
		assertThat(text.json().get("contentType").asString()).isEqualTo("text/plain;charset=UTF-8");
	}

	@Test
	void clientFileNamesAreSanitisedAndOnlyMetadata() {
		HttpTestClient alice = a.login("alice");
		byte[] content = SampleFiles.text("x");

		assertThat(nameAfterUpload(alice, "../../etc/passwd.txt", content)).isEqualTo("passwd.txt");
		assertThat(nameAfterUpload(alice, "..\\..\\boot.ini.txt", content)).isEqualTo("boot.ini.txt");
		assertThat(nameAfterUpload(alice, "a\u0007b\u001bc.txt", content)).isEqualTo("abc.txt");
		assertThat(nameAfterUpload(alice, "\u202Etxt.exe", content)).isEqualTo("txt.exe");
		assertThat(nameAfterUpload(alice, "..", content)).isEqualTo("file");
		assertThat(nameAfterUpload(alice, "보고서 été.txt", content)).isEqualTo("보고서 été.txt");
		String longName = nameAfterUpload(alice, "n".repeat(300) + ".txt", content);
		assertThat(longName).hasSize(FileNames.MAX_LENGTH).endsWith("n.txt");

		Response unicode = alice.upload(filesUrl(a), Multipart.file("보고서.txt", "text/plain", content));
		HttpResponse<byte[]> download = alice.download(b.url("/api/files/" + unicode.json().get("id").asString()));
		assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
			.contains("filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.txt")
			.doesNotContain("\r")
			.doesNotContain("\n");
	}

	@Test
	void refusedAndAbortedUploadsLeaveNothingBehind() throws IOException {
		HttpTestClient alice = a.login("alice");
		long initially = storedObjects();
		assertThat(
				alice.upload(filesUrl(a), Multipart.file("kept.txt", "text/plain", SampleFiles.text("kept"))).status())
			.isEqualTo(201);
		long objectsBefore = storedObjects();
		assertThat(objectsBefore).as("an accepted upload is one more object").isEqualTo(initially + 1);

		Response empty = alice.upload(filesUrl(a), Multipart.file("empty.txt", "text/plain", new byte[0]));
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json().get("detail").asString()).contains("empty");

		Response missingPart = alice.upload(filesUrl(a),
				new Multipart().part("attachment", "a.txt", "text/plain", SampleFiles.text("x")).close());
		assertThat(missingPart.status()).isEqualTo(400);
		assertThat(missingPart.json().get("detail").asString()).contains("file");

		Multipart truncated = new Multipart().part("file", "cut.txt", "text/plain", SampleFiles.text("no end"));
		Response cutOff = alice.upload(filesUrl(a), truncated);
		assertThat(cutOff.status()).isEqualTo(400);
		assertThat(cutOff.header("Content-Type")).startsWith("application/problem+json");

		Response json = alice.post(filesUrl(a), "{\"file\":\"x\"}");
		assertThat(json.status()).isEqualTo(415);

		byte[] tooLarge = Multipart.file("big.png", "image/png", SampleFiles.png(1_200_000)).body();
		assertThat(rawUpload(alice, "Content-Length: " + tooLarge.length, tooLarge, -1)).as("declared too large")
			.isEqualTo(413);
		assertThat(rawUpload(alice, "Transfer-Encoding: chunked", RawHttp.chunked(tooLarge), -1))
			.as("too large without a declared length")
			.isEqualTo(413);
		byte[] fine = Multipart.file("fine.png", "image/png", SampleFiles.png(500_000)).body();
		assertThat(rawUpload(alice, "Content-Length: " + fine.length, fine, 200_000)).as("aborted half way")
			.isEqualTo(-1);

		assertThat(storedObjects()).as("objects in the bucket").isEqualTo(objectsBefore);
		assertThat(a.login("alice").get(a.url("/api/ping")).status()).as("the replica is fine").isEqualTo(200);
	}

	private static String nameAfterUpload(HttpTestClient client, String filename, byte[] content) {
		Response upload = client.upload(filesUrl(a), Multipart.file(filename, "text/plain", content));
		assertThat(upload.status()).as("upload of %s: %s", filename, upload.body()).isEqualTo(201);
		String name = upload.json().get("name").asString();
		String id = upload.json().get("id").asString();
		assertThat(client.get(b.url("/api/files"))
			.json()
			.valueStream()
			.filter((listed) -> listed.get("id").asString().equals(id))
			.map((listed) -> listed.get("name").asString())).containsExactly(name);
		return name;
	}

	private static int rawUpload(HttpTestClient client, String lengthHeader, byte[] body, long abortAfter)
			throws IOException {
		String head = "POST /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Content-Type: "
				+ new Multipart().contentType() + "\r\n" + lengthHeader + "\r\n" + "Cookie: " + client.cookieHeader()
				+ "\r\n" + "X-XSRF-TOKEN: " + client.cookie("XSRF-TOKEN") + "\r\n\r\n";
		return RawHttp.send(a.port(), head, new ByteArrayInputStream(body), abortAfter);
	}

	private static long storedObjects() throws IOException {
		Path bucket = s3.dataDir().resolve("uploads");
		if (!Files.isDirectory(bucket)) {
			return 0;
		}
		try (Stream<Path> paths = Files.walk(bucket)) {
			return paths.filter(Files::isRegularFile).count();
		}
	}

}
