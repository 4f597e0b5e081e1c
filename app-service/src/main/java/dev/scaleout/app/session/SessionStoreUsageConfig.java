package dev.scaleout.app.session;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.catalina.session.StandardManager;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the session store costs, read from where it runs: the metrics
 * {@code scaleout.session.store.*}, and {@code GET /api/session-store} for the dashboard.
 * For {@code memory} and {@code cluster}, also the bound on the sessions a replica holds
 * ({@code app.session.max-active-sessions}), Tomcat's {@code maxActiveSessions}.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreUsageConfig {

	/** Scrapes and dashboards of every replica share one reading this long. */
	private static final Duration FRESH = Duration.ofSeconds(2);

	/**
	 * The shared Redis: with {@code jwt} it holds only the deny-list of logouts (the
	 * tokens are the clients'), so there are no sessions to count.
	 */
	@Bean
	@ConditionalOnExpression("'${app.session.store}' == 'redis' or '${app.session.store}' == 'jwt'")
	SessionStoreUsage.Probe redisStoreUsage(StringRedisTemplate redis, SessionStore sessions) {
		return new RedisStoreUsage(redis, sessions.name(), sessions.keepsServerState());
	}

	@Bean
	@ConditionalOnExpression("'${app.session.store}' == 'memory' or '${app.session.store}' == 'cluster'")
	TomcatStoreUsage tomcatStoreUsage(SessionStore sessions) {
		return new TomcatStoreUsage(sessions.name());
	}

	@Bean
	@ConditionalOnExpression("'${app.session.store}' == 'memory' or '${app.session.store}' == 'cluster'")
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> replicaSessionBound(SessionProperties properties,
			TomcatStoreUsage usage) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (properties.store() == SessionProperties.Store.MEMORY) {
				// The cluster's manager gets the bound from its template (see
				// TomcatSessionCluster); the plain one is given here.
				StandardManager manager = new StandardManager();
				manager.setMaxActiveSessions(properties.maxActiveSessions());
				context.setManager(manager);
			}
			usage.watch(context);
		});
	}

	@Bean
	CachedUsage cachedSessionStoreUsage(SessionStoreUsage.Probe probe, SessionStore sessions) {
		return new CachedUsage(probe, sessions.name());
	}

	@Bean
	MeterBinder sessionStoreMetrics(CachedUsage usage) {
		return (registry) -> {
			gauge(registry, usage, "scaleout.session.store.sessions", null, "Sessions the store holds",
					(u) -> (u.sessions() != null) ? u.sessions() : Double.NaN);
			gauge(registry, usage, "scaleout.session.store.max.sessions", null,
					"Sessions past which a new one is refused (503)",
					(u) -> (u.maxSessions() != null) ? u.maxSessions() : Double.NaN);
			gauge(registry, usage, "scaleout.session.store.memory.used", "bytes", "Memory the store uses",
					SessionStoreUsage::memoryUsedBytes);
			gauge(registry, usage, "scaleout.session.store.memory.limit", "bytes", "The store's memory bound (0: none)",
					SessionStoreUsage::memoryLimitBytes);
			FunctionCounter
				.builder("scaleout.session.store.evicted.keys", usage,
						(u) -> orNaN(u, (v) -> (v.evictedKeys() != null) ? v.evictedKeys() : Double.NaN))
				.description("Keys Redis evicted to stay under its memory bound")
				.tag("store", usage.store())
				.register(registry);
		};
	}

	private static void gauge(MeterRegistry registry, CachedUsage usage, String name, String unit, String description,
			ToDoubleFunction<SessionStoreUsage> value) {
		Gauge.builder(name, usage, (u) -> orNaN(u, value))
			.baseUnit(unit)
			.description(description)
			.tag("store", usage.store())
			.register(registry);
	}

	/** A store that cannot be read has no figure, not a made-up zero. */
	private static double orNaN(CachedUsage usage, ToDoubleFunction<SessionStoreUsage> value) {
		try {
			return value.applyAsDouble(usage.read());
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	/** One reading shared for {@link #FRESH}: a scrape reads five meters of it. */
	static final class CachedUsage {

		private final SessionStoreUsage.Probe probe;

		private final String store;

		private volatile Reading last;

		CachedUsage(SessionStoreUsage.Probe probe, String store) {
			this.probe = probe;
			this.store = store;
		}

		String store() {
			return this.store;
		}

		SessionStoreUsage read() {
			Reading reading = this.last;
			Instant now = Instant.now();
			if (reading == null || reading.at().plus(FRESH).isBefore(now)) {
				reading = new Reading(now, this.probe.read());
				this.last = reading;
			}
			return reading.usage();
		}

		private record Reading(Instant at, SessionStoreUsage usage) {
		}

	}

}
