package dev.scaleout.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A replica that passes its health checks but dies in the middle of every API request: it
 * reads the whole request, then resets the connection without an answer — what the
 * gateway sees when a replica is SIGKILLed after a request reached it, made to happen
 * every time. It records the requests it swallowed.
 */
public final class DyingReplica implements AutoCloseable {

	private static final byte[] HEALTHY = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			+ "Content-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"UP\"}")
		.getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket server;

	private final List<String> swallowed = Collections.synchronizedList(new ArrayList<>());

	private DyingReplica(ServerSocket server) {
		this.server = server;
	}

	public static DyingReplica start(int port) throws IOException {
		DyingReplica replica = new DyingReplica(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
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
				this.swallowed.add(requestLine + " " + new String(body, StandardCharsets.UTF_8));
				// RST instead of FIN: the connection dies, as with a killed process.
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// closed, or a client that went away: next connection
			}
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
