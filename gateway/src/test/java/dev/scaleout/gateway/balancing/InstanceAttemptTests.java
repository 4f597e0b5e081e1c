package dev.scaleout.gateway.balancing;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A request is counted in flight from its start until it ends, once, however it ends. */
class InstanceAttemptTests {

	@Test
	void aRequestThatEndsTwoWaysIsUncountedOnceAndItsFailureCountedOnce() {
		Instance instance = new Instance(URI.create("http://127.0.0.1:8081"), 1);
		Instance.Attempt first = instance.begin();
		Instance.Attempt second = instance.begin();
		assertThat(instance.inFlight()).isEqualTo(2);

		first.end(true);
		// The cancellation that follows an error, as the reactive chain delivers it.
		first.abandon();
		first.end(true);

		assertThat(instance.inFlight()).isEqualTo(1);
		assertThat(instance.errors()).isEqualTo(1);
		second.abandon();
		assertThat(instance.inFlight()).isZero();
		assertThat(instance.errors()).as("a client that gave up is not the instance's failure").isEqualTo(1);
		assertThat(instance.requests()).isEqualTo(2);
	}

}
