package dev.scaleout.gateway.routing;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The only routes: the API goes to the app pools ({@code pool://} is resolved per request
 * by the balancer, canary included). Nothing else is proxied, so the replicas' actuator
 * is unreachable from outside; unmatched paths get 404.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfig {

	static final String POOL_URI = "pool://app";

	@Bean
	RouteLocator routes(RouteLocatorBuilder routes, RoutingProperties properties, RedisRateLimiter loginLimiter,
			KeyResolver clientAddress) {
		return routes.routes()
			.route("login", (route) -> route.path("/api/login").and().method(HttpMethod.POST).filters((filters) -> {
				edge(filters, properties);
				if (properties.loginRateLimit().enabled()) {
					filters.requestRateLimiter((limit) -> limit.setRateLimiter(loginLimiter)
						.setKeyResolver(clientAddress)
						.setDenyEmptyKey(false));
				}
				return filters;
			}).uri(POOL_URI))
			.route("api",
					(route) -> route.path("/api/**").filters((filters) -> edge(filters, properties)).uri(POOL_URI))
			.build();
	}

	/**
	 * Body limit, and no client-supplied address or host: the gateway is the edge, so the
	 * {@code X-Forwarded-For} a replica sees (and throttles logins by) is the address the
	 * gateway saw, never one a client claims.
	 */
	private static GatewayFilterSpec edge(GatewayFilterSpec filters, RoutingProperties properties) {
		return filters.filter(new BodySizeLimit(properties.maxBodySize()))
			.removeRequestHeader("X-Forwarded-For")
			.removeRequestHeader("X-Forwarded-Host")
			.removeRequestHeader("Forwarded");
	}

	/**
	 * Login guesses per client address; when Redis is down the limiter lets requests
	 * through.
	 */
	@Bean
	RedisRateLimiter loginLimiter(RoutingProperties properties) {
		return new RedisRateLimiter(properties.loginRateLimit().replenishRate(),
				properties.loginRateLimit().burstCapacity());
	}

	@Bean
	KeyResolver clientAddress() {
		return (exchange) -> {
			var remote = exchange.getRequest().getRemoteAddress();
			return Mono.just(
					(remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown");
		};
	}

}
