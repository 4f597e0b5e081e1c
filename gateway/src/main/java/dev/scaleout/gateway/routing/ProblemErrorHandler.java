package dev.scaleout.gateway.routing;

import dev.scaleout.gateway.problem.GatewayProblems;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Errors that reach the gateway's edge (no route: 404; too large: 413; anything else)
 * leave as problem details, before Boot's default handler renders its own JSON.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements WebExceptionHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(error);
		}
		HttpStatus status = (error instanceof ResponseStatusException statusError)
				? HttpStatus.resolve(statusError.getStatusCode().value()) : HttpStatus.BAD_GATEWAY;
		if (status == null) {
			status = HttpStatus.BAD_GATEWAY;
		}
		String detail = switch (status) {
			case NOT_FOUND -> "Nothing is routed here; the API is under /api.";
			case CONTENT_TOO_LARGE -> "The request body is too large.";
			case GATEWAY_TIMEOUT -> "The instance did not answer in time.";
			default -> status.getReasonPhrase() + ".";
		};
		return GatewayProblems.write(exchange.getResponse(), status, detail);
	}

}
