package dev.scaleout.gateway.balancing;

import java.util.function.Supplier;

/**
 * The instance a strategy chose for one request and why, in terms of the inputs it
 * decided on (the figures as they were at that moment). The reason is written out only
 * when someone reads it: the dashboard's recent decisions.
 *
 * @param instance the chosen instance
 * @param reason the strategy's inputs and rule, in words
 */
public record Choice(Instance instance, Supplier<String> reason) {

	/** Written out now, for the dashboard and the tests. */
	public String why() {
		return this.reason.get();
	}

}
