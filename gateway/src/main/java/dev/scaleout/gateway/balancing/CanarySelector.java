package dev.scaleout.gateway.balancing;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.HttpCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Which pool a request goes to: the canary pool for requests with {@code canary=always}
 * (cookie routing) and for a configured share of the others, the main pool otherwise.
 */
@Component
class CanarySelector {

	static final String MAIN_POOL = "app";

	private final GatewayProperties.Canary canary;

	CanarySelector(GatewayProperties properties) {
		this.canary = properties.canary();
	}

	String poolFor(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(this.canary.cookie());
		if (cookie != null) {
			return "always".equals(cookie.getValue()) ? this.canary.pool() : MAIN_POOL;
		}
		if (this.canary.weight() > 0 && ThreadLocalRandom.current().nextInt(100) < this.canary.weight()) {
			return this.canary.pool();
		}
		return MAIN_POOL;
	}

}
