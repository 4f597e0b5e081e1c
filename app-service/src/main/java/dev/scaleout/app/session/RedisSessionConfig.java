package dev.scaleout.app.session;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.data.redis.RedisSessionMapper;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Spring Session Data Redis, only when {@code app.session.store=redis}. Boot's session
 * auto-configuration is excluded in application.yml because it would switch Redis
 * sessions on in every mode.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "app.session.store", havingValue = "redis", matchIfMissing = true)
@EnableRedisHttpSession(redisNamespace = RedisSessionConfig.NAMESPACE)
class RedisSessionConfig {

	static final String NAMESPACE = "scaleout:session";

	@Bean
	SessionRepositoryCustomizer<RedisSessionRepository> repositorySettings(SessionProperties properties) {
		return (repository) -> {
			repository.setDefaultMaxInactiveInterval(properties.idleTimeout());
			repository.setSaveMode(properties.redis().saveMode());
			repository.setFlushMode(properties.redis().flushMode());
			// A session this version cannot read (a value that is not JSON, a hash cut
			// short) is no session, as Spring Session treats a mapper's null: the user
			// logs in again, no 500.
			RedisSessionMapper mapper = new RedisSessionMapper();
			repository.setRedisSessionMapper((id, values) -> {
				if (values.containsValue(SessionValueSerializer.UNREADABLE)) {
					return null;
				}
				try {
					return mapper.apply(id, values);
				}
				catch (IllegalStateException | ClassCastException ex) {
					return null;
				}
			});
		};
	}

	/**
	 * Spring Session's serializer of every session value (the bean name it looks for):
	 * JSON, not Java serialization.
	 */
	@Bean
	RedisSerializer<Object> springSessionDefaultRedisSerializer() {
		return new SessionValueSerializer();
	}

	@Bean
	UserSessions redisUserSessions(SessionStore sessions, RedisSessionRepository repository, StringRedisTemplate redis,
			SessionProperties properties) {
		return new RedisUserSessions(sessions, repository, new SessionIndex(redis, "redis"), properties.maxPerUser());
	}

	@Bean
	CookieSerializer sessionCookie() {
		DefaultCookieSerializer cookie = new DefaultCookieSerializer();
		cookie.setCookieName("SESSION");
		cookie.setUseHttpOnlyCookie(true);
		cookie.setSameSite("Lax");
		// Secure is decided per request (request.isSecure()), so TLS-terminated traffic
		// gets it.
		cookie.setCookiePath("/");
		return cookie;
	}

}
