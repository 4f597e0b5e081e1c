package dev.scaleout.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Requests from 127.0.0.2: to the gateway, another client than every test's 127.0.0.1.
 * (java.net.http cannot choose its local address before JDK 19, so this is HTTP/1.1 on a
 * bound socket, one request per connection.)
 */
public final class SecondAddress {

	private SecondAddress() {
	}

	/**
	 * @return the status line, headers and body as received
	 */
	public static String send(String baseUrl, String method, String path, String headers, String body) {
		URI base = URI.create(baseUrl);
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		String request = method + " " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n" + headers
				+ "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
			socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 2000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static int status(String response) {
		return Integer.parseInt(response.substring(9, 12));
	}

}
