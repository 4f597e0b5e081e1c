package dev.scaleout.app.session;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.validation.annotation.Validated;

/**
 * How sessions are kept.
 *
 * @param store where sessions live
 * @param idleTimeout how long an unused session lives (sliding)
 * @param jwt settings of the {@code jwt} store
 * @param cluster settings of the {@code cluster} store
 * @param redis settings of the {@code redis} store
 * @param maxPerUser the most sessions one user may have at once (a login beyond it ends
 * the oldest); 0: no limit. {@code redis} and {@code jwt} only
 * @param anonymous what a visitor who has not logged in may cost the server
 * @param maxActiveSessions the most sessions one replica holds in its memory
 * ({@code memory} and {@code cluster}, where every session costs heap): past it a request
 * that would create one is answered 503, and the sessions already held go on
 */
@ConfigurationProperties("app.session")
@Validated
public record SessionProperties(@NotNull @DefaultValue("redis") Store store,
		@NotNull @DefaultValue("30m") Duration idleTimeout, @Valid @DefaultValue Jwt jwt,
		@Valid @DefaultValue Cluster cluster, @Valid @DefaultValue Redis redis,
		@Min(0) @DefaultValue("0") int maxPerUser, @Valid @DefaultValue Anonymous anonymous,
		@Min(1) @DefaultValue("20000") int maxActiveSessions) {

	/**
	 * A visitor without a login holds nothing but a visit counter, so a session kept for
	 * one is cheap to lose and, multiplied by every crawler, health checker and bot, the
	 * largest cost of the store.
	 *
	 * @param idleTimeout how long a session without a user lives unused (sliding); a
	 * login gives it the full {@code app.session.idle-timeout}. Never longer than that
	 * one
	 * @param cookieCheck whether a session is created only for a client that showed it
	 * keeps cookies: the first request gets a check cookie and no session; the next one
	 * that returns it gets the session. A client that never returns cookies (a bot, a
	 * load generator, a health checker) costs the store nothing
	 */
	public record Anonymous(@NotNull @DefaultValue("5m") Duration idleTimeout,
			@DefaultValue("true") boolean cookieCheck) {
	}

	/** How long a session lives unused: shorter while nobody has logged in. */
	public Duration idleTimeoutOf(SessionData session) {
		if (session.isAuthenticated() || this.anonymous.idleTimeout().compareTo(this.idleTimeout) > 0) {
			return this.idleTimeout;
		}
		return this.anonymous.idleTimeout();
	}

	public enum Store {

		/** Spring Session Data Redis: every replica sees every session. */
		REDIS,
		/** The whole session in a signed token cookie: nothing kept on the server. */
		JWT,
		/** The servlet container's memory: works only behind sticky routing. */
		MEMORY,
		/**
		 * The servlet container's memory, replicated between the replicas by Tomcat's
		 * session clustering.
		 */
		CLUSTER

	}

	/**
	 * @param secret the HMAC key (HS256), at least 32 bytes
	 * @param maxTokenBytes tokens longer than this are ignored (treated as anonymous)
	 */
	public record Jwt(String secret, @DefaultValue("4096") int maxTokenBytes) {
	}

	/**
	 * How Spring Session writes a session back to Redis (the {@code redis} store).
	 *
	 * @param saveMode which attributes a save writes: only those set
	 * ({@code on-set-attribute}, Spring Session's default), those read too
	 * ({@code on-get-attribute}), or every one ({@code always})
	 * @param flushMode when: at the end of the request ({@code on-save}) or at each
	 * change ({@code immediate})
	 */
	public record Redis(@NotNull @DefaultValue("on-set-attribute") SaveMode saveMode,
			@NotNull @DefaultValue("on-save") FlushMode flushMode) {
	}

	/**
	 * Tomcat session clustering over Tribes. Membership is static ({@code members}) for
	 * local processes; without members it is every address of the DNS name in the
	 * environment variable {@code DNS_MEMBERSHIP_SERVICE_NAME} (docker compose, a
	 * Kubernetes headless service), which Tomcat's DNS membership reads itself, all on
	 * {@code port}.
	 *
	 * @param replication who holds a copy of each session
	 * @param address the address this replica's Tribes receiver listens on, as its peers
	 * reach it; {@code auto}: the host's own address
	 * @param port the Tribes receiver's port
	 * @param members every member as {@code host:port}, this replica included
	 */
	public record Cluster(@NotNull @DefaultValue("all-to-all") Replication replication,
			@NotNull @DefaultValue("127.0.0.1") String address, @DefaultValue("4000") int port,
			@DefaultValue List<String> members) {

		public enum Replication {

			/** Every replica holds every session: Tomcat's DeltaManager. */
			ALL_TO_ALL,
			/** Each session on its owner and one backup: Tomcat's BackupManager. */
			PRIMARY_BACKUP

		}

	}

}
