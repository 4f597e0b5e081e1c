package dev.scaleout.app.session;

/**
 * What the session store costs where it runs, for the dashboard
 * ({@code GET /api/session-store}) and the metrics ({@code scaleout.session.store.*}).
 *
 * @param store the store's name, as whoami shows it
 * @param sessions the sessions it holds: every one in Redis ({@code redis}), this
 * replica's ({@code memory}, {@code cluster}); {@code null} for {@code jwt}, whose
 * sessions are in the clients' cookies
 * @param maxSessions the bound on {@code sessions} past which a new session is refused
 * (503); {@code null} where the bound is memory ({@code redis}) or none ({@code jwt})
 * @param memoryOf whose memory the next two figures are: {@code redis} (the shared Redis,
 * which holds stock and orders too) or {@code replica-heap}
 * @param memoryUsedBytes memory in use
 * @param memoryLimitBytes its bound; 0: none (Redis without {@code maxmemory})
 * @param evictedKeys keys Redis has evicted to stay under its bound since it started;
 * {@code null} for the replicas' memory, which evicts nothing
 */
public record SessionStoreUsage(String store, Long sessions, Long maxSessions, String memoryOf, long memoryUsedBytes,
		long memoryLimitBytes, Long evictedKeys) {

	/** Reads the usage of one kind of store. */
	@FunctionalInterface
	interface Probe {

		SessionStoreUsage read();

	}

}
