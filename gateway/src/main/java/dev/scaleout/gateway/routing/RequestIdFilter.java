package dev.scaleout.gateway.routing;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every routed request an {@code X-Request-Id} of the gateway's own, which its
 * retries and hedges keep: a replica can then tell a repeat from a new request. The app's
 * whoami counts a visit in a GET, and a GET cut off by a dying replica is repeated on
 * another; with the id the second replica sees that the first counted it already.
 * <p>
 * A client's own {@code X-Request-Id} is replaced, as Envoy does at the edge: a client
 * could otherwise make two of its requests look like one.
 */
@Component
class RequestIdFilter implements GlobalFilter, Ordered {

	static final String REQUEST_ID = "X-Request-Id";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		// Only a repeat must match its first try: no SecureRandom (UUID.randomUUID())
		// on every request's path.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String id = new UUID(random.nextLong(), random.nextLong()).toString();
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(REQUEST_ID, id)))
			.build());
	}

	/** Before the balancer, which sends (and repeats) the request as it finds it. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
