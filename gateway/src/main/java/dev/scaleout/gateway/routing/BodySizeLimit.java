package dev.scaleout.gateway.routing;

import java.time.Duration;

import dev.scaleout.gateway.problem.GatewayProblems;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses a body that announces more than the limit with a 413 problem, before any of it
 * is proxied. (Spring Cloud Gateway's RequestSize filter answers with an empty body.) A
 * chunked body announces nothing; the replicas limit those themselves.
 * <p>
 * Many clients (Java's HttpClient, most SDKs) write the whole body before they read any
 * answer: closing the connection on them mid-body gives them a reset instead of the 413.
 * So a body of at most {@link #DRAIN_LIMIT} is read and thrown away first, for at most
 * {@link #DRAIN_TIME}; a larger one is refused at once, as before.
 */
class BodySizeLimit implements GatewayFilter {

	/** The most bytes read, and discarded, to let a client finish sending. */
	static final long DRAIN_LIMIT = DataSize.ofMegabytes(64).toBytes();

	/** The longest a client that sends slowly is waited for. */
	static final Duration DRAIN_TIME = Duration.ofSeconds(10);

	private final DataSize limit;

	BodySizeLimit(DataSize limit) {
		this.limit = limit;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length <= this.limit.toBytes()) {
			return chain.filter(exchange);
		}
		Mono<Void> refuse = Mono.defer(() -> {
			exchange.getResponse().getHeaders().setConnection("close");
			return GatewayProblems.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, "The request body is "
					+ length + " bytes, more than the limit of " + this.limit.toBytes() + " bytes.");
		});
		if (length > DRAIN_LIMIT) {
			return refuse;
		}
		return exchange.getRequest()
			.getBody()
			.doOnNext(DataBufferUtils::release)
			.then()
			.timeout(DRAIN_TIME)
			.onErrorResume((ex) -> Mono.empty())
			.then(refuse);
	}

}
