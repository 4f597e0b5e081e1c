package dev.scaleout.app.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A multipart/form-data body built byte by byte, so tests can send what browsers send and
 * what they never would: raw file names, lying types, missing closing boundaries.
 */
public final class Multipart {

	public static final String BOUNDARY = "scaleout-test-boundary-7d9f";

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private boolean closed;

	public static Multipart file(String filename, String contentType, byte[] content) {
		return new Multipart().part("file", filename, contentType, content).close();
	}

	public Multipart part(String name, String filename, String contentType, byte[] content) {
		StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\n");
		head.append("Content-Disposition: form-data; name=\"").append(name).append('"');
		if (filename != null) {
			head.append("; filename=\"").append(filename).append('"');
		}
		head.append("\r\n");
		if (contentType != null) {
			head.append("Content-Type: ").append(contentType).append("\r\n");
		}
		head.append("\r\n");
		this.body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
		this.body.writeBytes(content);
		this.body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		return this;
	}

	public Multipart close() {
		this.body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		this.closed = true;
		return this;
	}

	public byte[] body() {
		return this.body.toByteArray();
	}

	public boolean isClosed() {
		return this.closed;
	}

	public String contentType() {
		return "multipart/form-data; boundary=" + BOUNDARY;
	}

}
