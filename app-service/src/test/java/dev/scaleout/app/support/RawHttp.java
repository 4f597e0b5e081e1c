package dev.scaleout.app.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a bare socket, for requests that well-behaved clients refuse to send: a
 * Content-Length that is not the length, a body cut off half way, a body larger than the
 * server accepts (whose 413 arrives while the body is still being written).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends the head, then the body on another thread, and returns the status code of the
	 * response (or -1 when the server closed without answering).
	 * @param abortAfter close the connection after this many body bytes (or -1 to send
	 * all of them)
	 */
	public static int send(int port, String head, InputStream body, long abortAfter) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(socket, out, body, abortAfter));
			if (abortAfter >= 0) {
				writing.join();
				return -1;
			}
			int status = readStatus(socket.getInputStream());
			writing.cancel(true);
			return status;
		}
	}

	/** The body in chunked transfer coding: no length is announced at all. */
	public static byte[] chunked(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int chunk = 64 * 1024;
		for (int offset = 0; offset < body.length; offset += chunk) {
			int length = Math.min(chunk, body.length - offset);
			out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.write(body, offset, length);
			out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		return out.toByteArray();
	}

	private static void write(Socket socket, OutputStream out, InputStream body, long abortAfter) {
		byte[] buffer = new byte[16 * 1024];
		long written = 0;
		try {
			for (int read = body.read(buffer); read != -1; read = body.read(buffer)) {
				if (abortAfter >= 0 && written + read > abortAfter) {
					out.write(buffer, 0, (int) (abortAfter - written));
					out.flush();
					socket.close();
					return;
				}
				out.write(buffer, 0, read);
				written += read;
			}
			out.flush();
		}
		catch (IOException ex) {
			// The server stopped reading (it has answered already): expected for 413.
		}
	}

	private static int readStatus(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
			line.append((char) c);
		}
		String[] parts = line.toString().split(" ");
		return (parts.length > 1) ? Integer.parseInt(parts[1]) : -1;
	}

}
