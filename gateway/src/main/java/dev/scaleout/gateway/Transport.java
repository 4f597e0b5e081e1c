package dev.scaleout.gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

/**
 * The I/O transport of the gateway's server and of its client to the replicas:
 * {@code -Dgateway.transport=} (or {@code GATEWAY_TRANSPORT=}) {@code epoll},
 * {@code io_uring}, {@code nio} or {@code auto}. Reactor Netty alone can only turn native
 * transports off ({@code reactor.netty.native=false}) and otherwise takes io_uring over
 * epoll whenever the kernel offers both; this picks one, so that each can be measured
 * ({@code ./scaleout experiment gateway-cpu}) and the winner kept. A transport the kernel
 * does not offer falls back (io_uring to epoll to NIO) with a warning, never a failed
 * start. It is set before Spring starts, as Reactor Netty's global resources serve both
 * the server and the client.
 */
enum Transport {

	/** Reactor Netty's own choice: io_uring, else epoll, else NIO. */
	AUTO, EPOLL, IO_URING, NIO;

	static final String PROPERTY = "gateway.transport";

	/**
	 * What {@code ./scaleout}, compose and k8s run unless told otherwise: io_uring cost
	 * the least CPU per request in {@code experiment gateway-cpu} (see
	 * docs/benchmarks/gateway-cpu.md). Where a seccomp profile refuses it (Docker's
	 * default since 25.0, containerd's RuntimeDefault), the gateway runs on epoll.
	 */
	static final Transport DEFAULT = IO_URING;

	private static final Log logger = LogFactory.getLog(Transport.class);

	static Transport parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(PROPERTY + " must be epoll, io_uring, nio or auto, was '" + text + "'",
					ex);
		}
	}

	/** From the system property, else the environment variable, else the default. */
	static Transport configured() {
		return Optional.ofNullable(System.getProperty(PROPERTY))
			.or(() -> Optional.ofNullable(System.getenv("GATEWAY_TRANSPORT")))
			.filter((text) -> !text.isBlank())
			.map(Transport::parse)
			.orElse(DEFAULT);
	}

	String text() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Why the kernel refuses this transport, if it does. */
	Optional<Throwable> unavailability() {
		return switch (this) {
			case EPOLL -> Optional.ofNullable(Epoll.unavailabilityCause());
			case IO_URING -> Optional.ofNullable(IoUring.unavailabilityCause());
			case AUTO, NIO -> Optional.empty();
		};
	}

	/**
	 * Makes Reactor Netty's global loops run on this transport; one the kernel refuses
	 * falls back to the next (io_uring, then epoll, then NIO).
	 */
	void install() {
		if (this == AUTO) {
			return;
		}
		Transport effective = this;
		Optional<Throwable> cause = effective.unavailability();
		while (cause.isPresent()) {
			Transport next = (effective == IO_URING) ? EPOLL : NIO;
			logger.warn(PROPERTY + " " + effective.text() + " is not available here (" + cause.get().getMessage()
					+ "); trying " + next.text());
			effective = next;
			cause = effective.unavailability();
		}
		HttpResources.set(new Loops(effective.handlers(), effective.text()));
		logger.info("The server and the client to the replicas run on " + effective.text() + " (" + PROPERTY + ")");
	}

	private IoHandlerFactory handlers() {
		return switch (this) {
			case EPOLL -> EpollIoHandler.newFactory();
			case IO_URING -> IoUringIoHandler.newFactory();
			case AUTO, NIO -> NioIoHandler.newFactory();
		};
	}

	/**
	 * One group of {@link LoopResources#DEFAULT_IO_WORKER_COUNT} daemon threads, as
	 * Reactor Netty's defaults; channels are chosen to match the group by Reactor Netty
	 * itself.
	 */
	private static final class Loops implements LoopResources {

		private final EventLoopGroup group;

		Loops(IoHandlerFactory handlers, String name) {
			this.group = new MultiThreadIoEventLoopGroup(DEFAULT_IO_WORKER_COUNT,
					new DefaultThreadFactory("reactor-http-" + name, true), handlers);
		}

		@Override
		public EventLoopGroup onServer(boolean useNative) {
			return this.group;
		}

		@Override
		public boolean daemon() {
			return true;
		}

		@Override
		public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
			return Mono.defer(() -> {
				this.group.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS);
				return Mono.empty();
			});
		}

	}

}
