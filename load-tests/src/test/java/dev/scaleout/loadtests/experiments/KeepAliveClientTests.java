package dev.scaleout.loadtests.experiments;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Answers read off one connection: each one whole, the next one starting right after. */
class KeepAliveClientTests {

	@Test
	void answersWithALengthAndInChunksAreReadOneAfterTheOther() throws IOException {
		InputStream in = stream("HTTP/1.1 200 \r\nContent-Type: application/json\r\nX-Instance: app-2\r\n"
				+ "Content-Length: 15\r\n\r\n{\"status\":\"UP\"}" + "HTTP/1.1 503 Service Unavailable\r\n"
				+ "transfer-encoding: chunked\r\nx-instance: app-3\r\n\r\n4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"
				+ "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
		KeepAliveClient.Answer first = KeepAliveClient.read(in);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("X-Instance")).isEqualTo("app-2");
		KeepAliveClient.Answer second = KeepAliveClient.read(in);
		assertThat(second.status()).isEqualTo(503);
		assertThat(second.header("X-Instance")).isEqualTo("app-3");
		KeepAliveClient.Answer third = KeepAliveClient.read(in);
		assertThat(third.status()).isEqualTo(204);
		assertThat(third.header("connection")).isEqualTo("close");
		assertThat(in.read()).isEqualTo(-1);
	}

	@Test
	void anAnswerCutOffIsAFailureNotAnAnswer() {
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> KeepAliveClient.read(stream("HTTP/1.1 200 \r\nContent-Length: 15\r\n\r\n{\"sta")));
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> KeepAliveClient.read(stream("")));
	}

	@Test
	void somethingElseThanHttpIsRefused() {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> KeepAliveClient.read(stream("SSH-2.0-OpenSSH_9.2\r\n\r\n")))
			.withMessageContaining("not an HTTP/1.x status line");
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
	}

}
