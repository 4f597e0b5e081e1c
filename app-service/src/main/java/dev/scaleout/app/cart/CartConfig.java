package dev.scaleout.app.cart;

import dev.scaleout.app.session.SessionProperties;
import dev.scaleout.app.session.SessionStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Chooses the {@link CartStore} named by {@code app.cart.store}.
 */
@Configuration(proxyBeanMethods = false)
class CartConfig {

	@Bean
	CartStore cartStore(CartProperties properties, SessionProperties sessions, SessionStore sessionStore,
			StringRedisTemplate redis) {
		return switch (properties.store()) {
			case SHARED -> new SharedCartStore(redis, sessionStore, sessions.idleTimeout());
			case SESSION -> new SessionCartStore(sessionStore);
			case SESSION_ATTRIBUTES -> {
				if (sessions.store() == SessionProperties.Store.JWT) {
					throw new IllegalStateException("app.cart.store=session-attributes keeps each cart line as a "
							+ "session attribute, and app.session.store=jwt has no attributes: use "
							+ "app.cart.store=shared (or session)");
				}
				yield new SessionAttributesCartStore();
			}
		};
	}

}
