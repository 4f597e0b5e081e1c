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
	 * @return the chosen instance
	 */
	Instance choose(List<Instance> candidates, ServerWebExchange exchange);

	/** Called once the instance is chosen: a strategy may pin the client to it. */
	default void chosen(Instance instance, ServerWebExchange exchange) {
	}

}
