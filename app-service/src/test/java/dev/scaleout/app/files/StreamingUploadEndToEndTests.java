package dev.scaleout.app.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.app.support.Multipart;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.Guard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads stream: a replica whose whole heap is smaller than the file takes a 100 MB
 * upload and serves it back byte for byte. Holding the file in memory anywhere on the way
 * would end in an OutOfMemoryError.
 */
class StreamingUploadEndToEndTests {

	static final long SIZE = 100L * 1024 * 1024;

	static final String HEAP = "-Xmx64m";

	static Topology topology;

	static Node app;

	@BeforeAll
	static void start() {
		List<String> javaOptions = new ArrayList<>(TopologySpec.DEFAULT_JAVA_OPTIONS);
		javaOptions.add(HEAP);
		topology = Topology
			.owned(TopologySpec.builder()
				.replicas(1)
				.lockNodes(0)
				.guard(Guard.ATOMIC)
				.noCanary()
				.noGateway()
				.app(AppKeys.LOAD_TEST_USERS, 0)
				.app(AppKeys.STORAGE_MAX_SIZE, 200L * 1024 * 1024)
				.javaOptions(javaOptions)
				.build())
			.start();
		app = topology.replica("app-1");
	}

	@AfterAll
	static void stop() {
		topology.close();
	}

	@Test
	void aFileLargerThanTheHeapIsStreamedInAndOut() throws IOException {
		HttpTestClient alice = new HttpTestClient();
		alice.get(url("/api/whoami"));
		assertThat(alice.post(url("/api/login"), "{\"username\":\"alice\",\"password\":\"password\"}").status())
			.isEqualTo(200);
		byte[] head = ("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
				+ "filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
			.getBytes();
		byte[] tail = ("\r\n--" + Multipart.BOUNDARY + "--\r\n").getBytes();
		long length = head.length + SIZE + tail.length;
		HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
				HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(List
					.of(new ByteArrayInputStream(head), new GeneratedPdf(SIZE), new ByteArrayInputStream(tail))))),
				length);

		Response upload = alice.sendBody("POST", url("/api/files"), body, new Multipart().contentType());

		assertThat(upload.status()).as(upload.body()).isEqualTo(201);
		String expected = sha256(new GeneratedPdf(SIZE));
		assertThat(upload.json().get("size").asLong()).isEqualTo(SIZE);
		assertThat(upload.json().get("sha256").asString()).isEqualTo(expected);

		HttpResponse<InputStream> download = alice
			.downloadStream(url("/api/files/" + upload.json().get("id").asString()));
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Length")).hasValue(String.valueOf(SIZE));
		try (InputStream in = download.body()) {
			assertThat(sha256(in)).isEqualTo(expected);
		}
		assertThat(app.isRunning()).isTrue();
		assertThat(app.tail(40)).doesNotContain("OutOfMemoryError");
	}

	static String url(String path) {
		return app.url() + path;
	}

	private static String sha256(InputStream in) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
				digesting.transferTo(OutputStream.nullOutputStream());
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A PDF signature followed by pseudo-random bytes, generated as they are read: the
	 * test holds no more of the file in memory than the replica may.
	 */
	static final class GeneratedPdf extends InputStream {

		private static final byte[] SIGNATURE = "%PDF-1.7\n".getBytes();

		private final Random random = new Random(42);

		private final long size;

		private long position;

		GeneratedPdf(long size) {
			this.size = size;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.position >= this.size) {
				return -1;
			}
			int count = (int) Math.min(length, this.size - this.position);
			byte[] chunk = new byte[count];
			this.random.nextBytes(chunk);
			for (int i = 0; i < count && this.position + i < SIGNATURE.length; i++) {
				chunk[i] = SIGNATURE[(int) this.position + i];
			}
			System.arraycopy(chunk, 0, buffer, offset, count);
			this.position += count;
			return count;
		}

	}

}
