package dev.scaleout.app.session;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How sessions are kept.
 *
 * @param store where sessions live
 * @param idleTimeout how long an unused session lives (sliding)
 * @param jwt settings of the {@code jwt} store
 */
@ConfigurationProperties("app.session")
@Validated
public record SessionProperties(@NotNull @DefaultValue("redis") Store store,
		@NotNull @DefaultValue("30m") Duration idleTimeout, @Valid @DefaultValue Jwt jwt) {

	public enum Store {

		/** Spring Session Data Redis: every replica sees every session. */
		REDIS,
		/** The whole session in a signed token cookie: nothing kept on the server. */
		JWT,
		/** The servlet container's memory: works only behind sticky routing. */
		MEMORY

	}

	/**
	 * @param secret the HMAC key (HS256), at least 32 bytes
	 * @param maxTokenBytes tokens longer than this are ignored (treated as anonymous)
	 */
	public record Jwt(String secret, @DefaultValue("4096") int maxTokenBytes) {
	}

}
