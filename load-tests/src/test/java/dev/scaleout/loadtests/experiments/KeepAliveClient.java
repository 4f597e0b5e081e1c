package dev.scaleout.loadtests.experiments;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection kept open, its GETs sent one after the other, as a browser tab
 * or an SDK client holds one: what an L4 balancer sees as a single flow. Nothing is
 * repeated behind the caller's back (Java's HttpClient repeats a GET whose connection
 * died), so a failure is counted where it happens; {@link #close()} and the next GET make
 * a new connection.
 */
final class KeepAliveClient implements AutoCloseable {

	/** A status and the headers, names in lower case; the body is read and dropped. */
	record Answer(int status, Map<String, String> headers) {

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	private final InetSocketAddress address;

	private final int timeoutMillis;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private int opened;

	KeepAliveClient(int port, int timeoutMillis) {
		this.address = new InetSocketAddress("127.0.0.1", port);
		this.timeoutMillis = timeoutMillis;
	}

	/** How many connections it has opened: a new one after each close. */
	int opened() {
		return this.opened;
	}

	Answer get(String path, String cookie) throws IOException {
		if (this.socket == null) {
			Socket opened = new Socket();
			opened.connect(this.address, this.timeoutMillis);
			opened.setSoTimeout(this.timeoutMillis);
			opened.setTcpNoDelay(true);
			this.socket = opened;
			this.opened++;
			this.in = new BufferedInputStream(opened.getInputStream());
			this.out = opened.getOutputStream();
		}
		try {
			String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ ((cookie != null) ? "Cookie: " + cookie + "\r\n" : "") + "\r\n";
			this.out.write(request.getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
			Answer answer = read(this.in);
			if ("close".equalsIgnoreCase(answer.header("connection"))) {
				close();
			}
			return answer;
		}
		catch (IOException ex) {
			close();
			throw ex;
		}
	}

	/** One answer: status line, headers, and a body by Content-Length or chunks. */
	static Answer read(InputStream in) throws IOException {
		String statusLine = line(in);
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
			throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
		}
		int status;
		try {
			status = Integer.parseInt(parts[1]);
		}
		catch (NumberFormatException ex) {
			throw new IOException("not a status code: '" + statusLine + "'", ex);
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			if (colon <= 0) {
				throw new IOException("not a header: '" + header + "'");
			}
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
				skip(in, size);
				line(in);
			}
			// Trailers, up to the empty line.
			while (!line(in).isEmpty()) {
				// dropped
			}
		}
		else if (headers.containsKey("content-length")) {
			skip(in, Long.parseLong(headers.get("content-length")));
		}
		return new Answer(status, headers);
	}

	private static long chunkSize(String line) throws IOException {
		int extension = line.indexOf(';');
		try {
			return Long.parseLong(((extension >= 0) ? line.substring(0, extension) : line).trim(), 16);
		}
		catch (NumberFormatException ex) {
			throw new IOException("not a chunk size: '" + line + "'", ex);
		}
	}

	private static void skip(InputStream in, long bytes) throws IOException {
		for (long left = bytes; left > 0; left--) {
			if (in.read() < 0) {
				throw new EOFException("the body ended " + left + " bytes short");
			}
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("the connection closed in the middle of an answer");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closed already
			}
			this.socket = null;
		}
	}

}
