package dev.scaleout.app.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Chooses the {@link SessionStore} named by {@code app.session.store}.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfig {

	/** The key committed in application-dev.yml; refused anywhere else. */
	static final String DEV_SECRET = "dev-only-insecure-jwt-secret-0123456789abcdef";

	@Bean
	@ConditionalOnProperty(name = "app.session.store", havingValue = "redis", matchIfMissing = true)
	SessionStore redisSessionStore(SessionProperties properties) {
		return new HttpSessionStore("redis", properties);
	}

	@Bean
	@ConditionalOnProperty(name = "app.session.store", havingValue = "memory")
	SessionStore memorySessionStore(SessionProperties properties) {
		return new HttpSessionStore("memory", properties);
	}

	@Bean
	@ConditionalOnProperty(name = "app.session.store", havingValue = "cluster")
	SessionStore clusterSessionStore(SessionProperties properties) {
		return new HttpSessionStore("cluster", properties);
	}

	@Bean
	@ConditionalOnProperty(name = "app.session.store", havingValue = "jwt")
	JwtSessionStore jwtSessionStore(SessionProperties properties, StringRedisTemplate redis, Environment environment) {
		checkSecret(properties.jwt().secret(), environment);
		return new JwtSessionStore(properties, new TokenRevocations(redis), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnProperty(name = "app.session.store", havingValue = "jwt")
	UserSessions jwtUserSessions(JwtSessionStore tokens, StringRedisTemplate redis, SessionProperties properties) {
		return new JwtUserSessions(tokens, new SessionIndex(redis, "jwt"), properties.maxPerUser());
	}

	@Bean
	@ConditionalOnExpression("'${app.session.store}' == 'memory' or '${app.session.store}' == 'cluster'")
	UserSessions untrackedUserSessions(SessionProperties properties) {
		String store = properties.store().name().toLowerCase();
		if (properties.maxPerUser() > 0) {
			throw new IllegalStateException("app.session.max-per-user needs a store that knows every session of a user "
					+ "(redis or jwt); app.session.store=" + store + " keeps them in each replica's memory");
		}
		return new UntrackedUserSessions(store);
	}

	static void checkSecret(String secret, Environment environment) {
		if (secret == null || secret.isBlank()) {
			throw new IllegalStateException("app.session.store=jwt needs a signing key: set app.session.jwt.secret "
					+ "(environment APP_SESSION_JWT_SECRET) to at least " + JwtSessionStore.MIN_SECRET_BYTES
					+ " random bytes, e.g. $(openssl rand -base64 48)");
		}
		int length = secret.getBytes(StandardCharsets.UTF_8).length;
		if (length < JwtSessionStore.MIN_SECRET_BYTES) {
			throw new IllegalStateException("app.session.jwt.secret is " + length + " bytes; HS256 needs at least "
					+ JwtSessionStore.MIN_SECRET_BYTES + ". Generate one with: openssl rand -base64 48");
		}
		if (secret.startsWith("REPLACE-ME")) {
			throw new IllegalStateException(
					"app.session.jwt.secret is still the placeholder from k8s/base/secrets.yaml; "
							+ "create the real Secret as that file shows.");
		}
		if (DEV_SECRET.equals(secret) && !environment.acceptsProfiles(Profiles.of("dev"))) {
			throw new IllegalStateException("app.session.jwt.secret is the public dev-only key, but the dev profile "
					+ "is not active (profiles: " + Arrays.toString(environment.getActiveProfiles())
					+ "). Set APP_SESSION_JWT_SECRET to a secret of your own.");
		}
	}

}
