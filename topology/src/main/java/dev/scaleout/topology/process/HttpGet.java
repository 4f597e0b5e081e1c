package dev.scaleout.topology.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One GET over HTTP/1.1 with bounded waits. {@link HttpURLConnection} rather than
 * {@code java.net.http.HttpClient}: it starts in a fraction of the time, which is most of
 * what {@code ./scaleout status} takes, and keeps connections alive just the same.
 */
public final class HttpGet {

	private HttpGet() {
	}

	/** The status and body of an answer. */
	public record Answer(int status, String body) {
	}

	/**
	 * @throws IOException when nothing answers within the connect timeout (500 ms) and
	 * {@code timeout}
	 */
	public static Answer get(URI url, Duration timeout) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
		connection.setConnectTimeout((int) Math.min(500, timeout.toMillis()));
		connection.setReadTimeout((int) timeout.toMillis());
		connection.setUseCaches(false);
		int status = connection.getResponseCode();
		InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
		if (body == null) {
			return new Answer(status, "");
		}
		try (body) {
			return new Answer(status, new String(body.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

}
