package dev.scaleout.topology.process;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a fresh connection, for asking a Sentinel or a server what it
 * knows; the reply flattened to strings (the topology carries no Redis client).
 */
public final class Resp {

	private Resp() {
	}

	public static List<String> command(int port, String... words) {
		return command(port, Duration.ofSeconds(2), words);
	}

	/**
	 * @throws UncheckedIOException when nothing answers in time or the reply is an error
	 */
	public static List<String> command(int port, Duration timeout, String... words) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Math.min(timeout.toMillis(), 500));
			socket.setSoTimeout((int) timeout.toMillis());
			StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
			for (String word : words) {
				request.append('$')
					.append(word.getBytes(StandardCharsets.UTF_8).length)
					.append("\r\n")
					.append(word)
					.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			List<String> reply = new ArrayList<>();
			read(in, reply);
			return reply;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no answer from 127.0.0.1:" + port, ex);
		}
	}

	private static void read(InputStream in, List<String> into) throws IOException {
		String line = line(in);
		if (line.isEmpty()) {
			throw new IOException("empty reply");
		}
		switch (line.charAt(0)) {
			case '*' -> {
				for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
					read(in, into);
				}
			}
			case '$' -> {
				int length = Integer.parseInt(line.substring(1));
				if (length >= 0) {
					// A bulk string may hold line breaks (INFO): read it by its length.
					into.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
					line(in);
				}
			}
			case '-' -> throw new IOException(line.substring(1));
			default -> into.add(line.substring(1));
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("connection closed");
			}
			if (b != '\r') {
				bytes.write(b);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
