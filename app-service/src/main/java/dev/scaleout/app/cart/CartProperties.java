package dev.scaleout.app.cart;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where carts live.
 *
 * @param store the layout of the cart
 */
@ConfigurationProperties("app.cart")
@Validated
public record CartProperties(@NotNull @DefaultValue("shared") Store store) {

	public enum Store {

		/** A Redis hash per cart, changed line by line by atomic scripts, versioned. */
		SHARED,
		/** The whole cart inside the session, saved whole: the naive layout. */
		SESSION,
		/** One session attribute per line: Spring Session's delta saving. */
		SESSION_ATTRIBUTES

	}

}
