package dev.scaleout.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A replica that passes its health checks but dies in the middle of every API request: it
 * reads the whole request, then resets the connection without an answer — what the
 * gateway sees when a replica is SIGKILLed after a request reached it, made to happen
 * every time. It records the requests it swallowed. {@link #workingThrough} makes one
 * that dies later still: after a real replica has done the request's work (saved its
 * session), just before the answer would go out.
 */
public final class DyingReplica implements AutoCloseable {

	private static final byte[] HEALTHY = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			+ "Content-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"UP\"}")
		.getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket server;

	private final List<String> swallowed = Collections.synchronizedList(new ArrayList<>());

	/** The real replica that does the work, or {@code null} for none. */
	private final URI worker;

	private DyingReplica(ServerSocket server, URI worker) {
		this.server = server;
		this.worker = worker;
	}

	public static DyingReplica start(int port) throws IOException {
		return start(port, null);
	}

	/**
	 * One that passes every API request to the replica at {@code worker}, reads its whole
	 * answer, and then dies instead of passing the answer on.
	 */
	public static DyingReplica workingThrough(int port, String worker) throws IOException {
		return start(port, URI.create(worker));
	}

	private static DyingReplica start(int port, URI worker) throws IOException {
		DyingReplica replica = new DyingReplica(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), worker);
		Thread thread = new Thread(replica::serve, "dying-replica");
		thread.setDaemon(true);
		thread.start();
		return replica;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** Request lines and bodies of the API requests it took and never answered. */
	public List<String> swallowed() {
		return List.copyOf(this.swallowed);
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				String head = readHead(socket.getInputStream());
				String requestLine = head.lines().findFirst().orElse("");
				if (requestLine.startsWith("GET /actuator/health")) {
					OutputStream out = socket.getOutputStream();
					out.write(HEALTHY);
					out.flush();
					continue;
				}
				byte[] body = socket.getInputStream().readNBytes(contentLength(head));
				if (this.worker != null) {
					work(head, body);
				}
				this.swallowed.add(requestLine + " " + new String(body, StandardCharsets.UTF_8));
				// RST instead of FIN: the connection dies, as with a killed process.
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// closed, or a client that went away: next connection
			}
		}
	}

	/** Sends the request on as it came (on a connection of its own) and reads it all. */
	private void work(String head, byte[] body) throws IOException {
		StringBuilder closing = new StringBuilder();
		for (String line : head.split("\r\n")) {
			if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
				closing.append(line).append("\r\n");
			}
		}
		closing.append("Connection: close\r\n\r\n");
		try (Socket upstream = new Socket(this.worker.getHost(), this.worker.getPort())) {
			OutputStream out = upstream.getOutputStream();
			out.write(closing.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			upstream.getInputStream().readAllBytes();
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		int b;
		while (matched < end.length && (b = in.read()) != -1) {
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	private static int contentLength(String head) {
		return head.lines()
			.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
			.map((line) -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
			.findFirst()
			.orElse(0);
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
