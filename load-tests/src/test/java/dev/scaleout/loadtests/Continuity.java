package dev.scaleout.loadtests;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.Session;

/**
 * Follows each virtual user's session across replicas. A <em>broken</em> session is one
 * that showed older state than the user had already seen — a visits counter that did not
 * go up, a cart missing an item it had (the replica had a stale copy, or none and started
 * afresh); a <em>lost</em> session is one whose user became anonymous. Each user's
 * session is counted once per kind, however often it breaks. A counter that jumps ahead
 * is not a broken session but a <em>repeated</em> request: one took effect whose answer
 * never arrived (a replica killed mid-request, a GET the gateway repeated elsewhere).
 */
final class Continuity {

	static final AtomicLong observations = new AtomicLong();

	static final AtomicLong brokenSessions = new AtomicLong();

	static final AtomicLong lostSessions = new AtomicLong();

	static final AtomicLong repeatedRequests = new AtomicLong();

	/** Response times of whoami (ms): its p99 is the price a session store adds. */
	static final Queue<Integer> whoamiMillis = new ConcurrentLinkedQueue<>();

	private Continuity() {
	}

	/**
	 * Starts counting afresh: the experiments run one simulation after the other in one
	 * JVM.
	 */
	static void reset() {
		observations.set(0);
		brokenSessions.set(0);
		lostSessions.set(0);
		repeatedRequests.set(0);
		whoamiMillis.clear();
	}

	/** After a whoami: compares what the replica said with what the user expects. */
	static Session afterWhoami(Session session) {
		if (session.contains("whoamiMillis")) {
			whoamiMillis.add(session.getInt("whoamiMillis"));
		}
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
		if (session.contains("visits")) {
			long before = session.getLong("visits");
			if (seen <= before) {
				return broken(session).set("visits", seen);
			}
			if (seen > before + 1) {
				repeatedRequests.incrementAndGet();
			}
		}
		return session.set("visits", seen);
	}

	/**
	 * After a cart change: the cart must hold the SKU just added and every SKU it held
	 * before. A change that failed may or may not have taken effect, so it proves
	 * nothing.
	 */
	static Session afterCart(Session session) {
		if (!session.contains("seenSkus")) {
			return session;
		}
		observations.incrementAndGet();
		Set<String> seen = new HashSet<>(session.getList("seenSkus"));
		Set<String> expected = new HashSet<>(session.contains("cartSkus") ? session.getList("cartSkus") : List.of());
		expected.add(session.getString("sku"));
		Session next = session.set("cartSkus", List.copyOf(seen));
		return seen.containsAll(expected) ? next : broken(next);
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
		figures.put("repeatedRequests", repeatedRequests.get());
		figures.put("whoamiP99Millis", percentile(whoamiMillis, 0.99));
		figures.putAll(more);
		Figures.write(simulation, figures);
	}

	private static int percentile(Collection<Integer> millis, double fraction) {
		List<Integer> sorted = new ArrayList<>(millis);
		if (sorted.isEmpty()) {
			return 0;
		}
		Collections.sort(sorted);
		return sorted.get((int) Math.ceil(fraction * sorted.size()) - 1);
	}

}
