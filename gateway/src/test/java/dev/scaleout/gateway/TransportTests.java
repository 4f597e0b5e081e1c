package dev.scaleout.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The {@code gateway.transport} switch: its values, and what this Linux offers. */
class TransportTests {

	@Test
	void valuesAreReadAsUsersWriteThem() {
		assertThat(Transport.parse("epoll")).isEqualTo(Transport.EPOLL);
		assertThat(Transport.parse("io_uring")).isEqualTo(Transport.IO_URING);
		assertThat(Transport.parse(" IO-URING ")).isEqualTo(Transport.IO_URING);
		assertThat(Transport.parse("nio")).isEqualTo(Transport.NIO);
		assertThat(Transport.parse("auto")).isEqualTo(Transport.AUTO);
	}

	@Test
	void anUnknownTransportIsRefusedWithTheChoices() {
		assertThatIllegalArgumentException().isThrownBy(() -> Transport.parse("kqueue"))
			.withMessage("gateway.transport must be epoll, io_uring, nio or auto, was 'kqueue'");
	}

	@Test
	void theDefaultsFallbackEpollIsOfferedOnLinuxX86() {
		// The native binaries the gateway ships are linux-x86_64: epoll, where io_uring
		// falls back to, must load here, or a gateway in a container whose seccomp
		// refuses io_uring silently runs on NIO.
		assertThat(Transport.DEFAULT).isEqualTo(Transport.IO_URING);
		assertThat(Transport.EPOLL.unavailability()).isEmpty();
	}

}
