package dev.scaleout.topology.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/** How to tell that a process is ready to serve. */
public sealed interface Readiness {

	/** One check, bounded by about a second. */
	boolean check();

	/** An HTTP endpoint answers 2xx: a Spring Boot readiness probe. */
	static Readiness http(URI url) {
		return new Http(url, true);
	}

	/** An HTTP endpoint answers at all (S3Proxy answers an unsigned request 403). */
	static Readiness answers(URI url) {
		return new Http(url, false);
	}

	/** A Redis server or Sentinel answers PING. */
	static Readiness redis(int port) {
		return new RedisPing(port);
	}

	record Http(URI url, boolean successOnly) implements Readiness {

		@Override
		public boolean check() {
			try {
				int status = HttpGet.get(this.url, Duration.ofSeconds(1)).status();
				return !this.successOnly || status / 100 == 2;
			}
			catch (IOException ex) {
				return false;
			}
		}

	}

	record RedisPing(int port) implements Readiness {

		@Override
		public boolean check() {
			try {
				return Resp.command(this.port, Duration.ofSeconds(1), "PING").contains("PONG");
			}
			catch (UncheckedIOException ex) {
				return false;
			}
		}

	}

}
