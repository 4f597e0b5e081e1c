package dev.scaleout.loadtests;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.Session;

/**
 * Follows each virtual user's session across replicas: the visits counter must go up by
 * exactly one on every whoami, the user must stay logged in, and the cart must keep every
 * item. A <em>broken</em> session is one whose counter or cart went wrong (the replica
 * did not have the session's latest state); a <em>lost</em> session is one whose user
 * became anonymous (the replica did not have the session at all). Each user's session is
 * counted once per kind, however often it breaks.
 */
final class Continuity {

	static final AtomicLong observations = new AtomicLong();

	static final AtomicLong brokenSessions = new AtomicLong();

	static final AtomicLong lostSessions = new AtomicLong();

	private Continuity() {
	}

	/** After a whoami: compares what the replica said with what the user expects. */
	static Session afterWhoami(Session session) {
		if (!session.contains("seenVisits")) {
			// The request failed (or, strict, the counter was wrong): Gatling counts it
			// KO.
			return session;
		}
		observations.incrementAndGet();
		long seen = session.getLong("seenVisits");
		String user = session.getString("user");
		String seenUser = session.contains("seenUser") ? session.getString("seenUser") : null;
		if (!user.equals(seenUser)) {
			if (!session.contains("lost")) {
				lostSessions.incrementAndGet();
			}
			return session.set("lost", true).set("visits", seen);
		}
		if (session.contains("visits") && seen != session.getLong("visits") + 1) {
			return broken(session).set("visits", seen);
		}
		return session.set("visits", seen);
	}

	/** After a cart change: every item added so far must still be there. */
	static Session afterCart(Session session) {
		if (!session.contains("seenItems")) {
			return session;
		}
		observations.incrementAndGet();
		int expected = session.getInt("expectedItems");
		int seen = session.getInt("seenItems");
		if (seen != expected) {
			// Expect what the replica has from now on, so one break is counted once.
			return broken(session).set("expectedItems", seen);
		}
		return session;
	}

	private static Session broken(Session session) {
		if (!session.contains("broken")) {
			brokenSessions.incrementAndGet();
		}
		return session.set("broken", true);
	}

	/** Prints the counters and writes them where the experiment runner reads them. */
	static void report(String simulation, Map<String, Object> more) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("observations", observations.get());
		figures.put("brokenSessions", brokenSessions.get());
		figures.put("lostSessions", lostSessions.get());
		figures.putAll(more);
		Figures.write(simulation, figures);
	}

}
