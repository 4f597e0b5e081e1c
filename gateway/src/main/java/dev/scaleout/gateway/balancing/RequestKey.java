package dev.scaleout.gateway.balancing;

import java.net.InetSocketAddress;

import org.springframework.http.HttpCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * What identifies a client for hashing: its address, or a named cookie or header.
 */
final class RequestKey {

	private RequestKey() {
	}

	static String of(ServerWebExchange exchange, GatewayProperties.HashKey key) {
		String value = switch (key.source()) {
			case "cookie" -> {
				HttpCookie cookie = exchange.getRequest().getCookies().getFirst(key.name());
				yield (cookie != null) ? cookie.getValue() : null;
			}
			case "header" -> exchange.getRequest().getHeaders().getFirst(key.name());
			default -> null;
		};
		return (value != null && !value.isEmpty()) ? value : clientIp(exchange);
	}

	static String clientIp(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

}
