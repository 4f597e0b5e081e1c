package dev.scaleout.gateway.balancing;

import java.util.List;

import org.springframework.web.server.ServerWebExchange;

/**
 * Chooses the instance for one request among the available ones. One implementation per
 * algorithm; a new algorithm is a new class.
 */
public interface BalancingStrategy {

	/**
	 * @param candidates available instances, never empty, in a stable order
	 * @param exchange the request (for keys such as the client address or a cookie)
	 * @return the chosen instance, and the inputs that decided it
	 */
	Choice choose(List<Instance> candidates, ServerWebExchange exchange);

	/**
	 * Whether a replica that has just become healthy may be given less than its share
	 * while it warms up (slow start). Not for strategies that map a key to an instance:
	 * thinning would send the key elsewhere.
	 */
	default boolean allowsSlowStart() {
		return true;
	}

	/** Called once the instance is chosen: a strategy may pin the client to it. */
	default void chosen(Instance instance, ServerWebExchange exchange) {
	}

}
