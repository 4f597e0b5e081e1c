package dev.scaleout.gateway.routing;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Security headers on every response the gateway serves: proxied API answers, its own
 * problem details and the dashboard. They are set just before the response is committed,
 * so they replace whatever a replica sent and also reach error responses written by
 * {@link ProblemErrorHandler}.
 */
@Component
class SecurityHeadersFilter implements WebFilter, Ordered {

	/**
	 * The dashboard is written to need no inline script or style, so nothing but its own
	 * files may run or be fetched.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	/** On every response, whatever it is. */
	static final Map<String, String> COMMON = Map.of("X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY",
			"Referrer-Policy", "no-referrer");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		boolean api = exchange.getRequest().getPath().value().startsWith("/api/");
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			COMMON.forEach(headers::set);
			if (api) {
				// Answers carry carts, orders and files of one user: no cache may keep
				// them.
				headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
				headers.remove(HttpHeaders.PRAGMA);
				headers.remove(HttpHeaders.EXPIRES);
			}
			else {
				headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
