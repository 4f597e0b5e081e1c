package dev.scaleout.gateway.routing;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses a body that announces more than the limit with a 413 problem, before any of it
 * is proxied. (Spring Cloud Gateway's RequestSize filter answers with an empty body.) A
 * chunked body announces nothing; the replicas limit those themselves.
 */
class BodySizeLimit implements GatewayFilter {

	private final DataSize limit;

	BodySizeLimit(DataSize limit) {
		this.limit = limit;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length > this.limit.toBytes()) {
			exchange.getResponse().getHeaders().setConnection("close");
			return GatewayProblems.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, "The request body is "
					+ length + " bytes, more than the limit of " + this.limit.toBytes() + " bytes.");
		}
		return chain.filter(exchange);
	}

}
