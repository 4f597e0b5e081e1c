package dev.scaleout.app.system;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * On SIGTERM, turns readiness OUT_OF_SERVICE and keeps serving for a drain delay, so the
 * gateway's health checks take this replica out of rotation before graceful shutdown
 * stops accepting connections. In-flight requests then finish under
 * {@code server.shutdown=graceful}.
 */
@Component
class ShutdownDrain implements ApplicationListener<ContextClosedEvent> {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	private final Duration drainDelay;

	ShutdownDrain(ShutdownProperties properties) {
		this.drainDelay = properties.drainDelay();
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		ApplicationContext context = event.getApplicationContext();
		if (context.getParent() != null) {
			return;
		}
		AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
		if (this.drainDelay.isZero() || this.drainDelay.isNegative()) {
			return;
		}
		log.info("Readiness is OUT_OF_SERVICE; draining for {} before shutdown", this.drainDelay);
		try {
			Thread.sleep(this.drainDelay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
