package dev.scaleout.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a child process's TCP port on 127.0.0.1 to open (it is serving) or to close
 * (it is gone).
 */
final class LocalPort {

	private LocalPort() {
	}

	/**
	 * @param alive whether the process still runs; waiting to open stops when it exits
	 * @param why what to say when the process exited (its log, say)
	 */
	static void await(String what, int port, boolean open, Duration timeout, BooleanSupplier alive,
			Supplier<String> why) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (isOpen(port) == open) {
				return;
			}
			if (open && !alive.getAsBoolean()) {
				throw new IllegalStateException(what + " exited: " + why.get());
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new IllegalStateException(what + " on port " + port + " did not " + (open ? "open" : "close"));
	}

	static boolean isOpen(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
