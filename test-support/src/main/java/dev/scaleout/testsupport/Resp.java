package dev.scaleout.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a fresh connection, for asking a Sentinel or a server what it
 * knows; the reply flattened to strings (test-support carries no Redis client).
 */
final class Resp {

	private Resp() {
	}

	static List<String> command(int port, String... words) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			socket.setSoTimeout(2000);
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
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			List<String> reply = new ArrayList<>();
			read(in, reply);
			return reply;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no answer from 127.0.0.1:" + port, ex);
		}
	}

	private static void read(BufferedReader in, List<String> into) throws IOException {
		String line = in.readLine();
		if (line == null) {
			throw new IOException("connection closed");
		}
		switch (line.charAt(0)) {
			case '*' -> {
				for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
					read(in, into);
				}
			}
			case '$' -> {
				if (!line.equals("$-1")) {
					into.add(in.readLine());
				}
			}
			case '-' -> throw new IOException(line.substring(1));
			default -> into.add(line.substring(1));
		}
	}

}
