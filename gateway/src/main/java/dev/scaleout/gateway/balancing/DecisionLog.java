package dev.scaleout.gateway.balancing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.springframework.stereotype.Component;

/**
 * The balancer's last decisions: for each attempt, the instance chosen, the strategy's
 * inputs and rule, and what came of it, for the dashboard. Recording is a slot write on
 * the request path (no lock, nothing formatted); reasons are written out only when read.
 */
@Component
public class DecisionLog {

	/** Decisions kept: about the last second of a busy demo. */
	static final int KEPT = 64;

	private final AtomicReferenceArray<Decision> slots = new AtomicReferenceArray<>(KEPT);

	private final AtomicLong next = new AtomicLong();

	void record(Decision decision) {
		this.slots.set((int) (this.next.getAndIncrement() % KEPT), decision);
	}

	/** Up to {@code limit} decisions, the newest first. */
	public List<Decision> recent(int limit) {
		long newest = this.next.get() - 1;
		List<Decision> recent = new ArrayList<>();
		for (long i = newest; i >= 0 && i > newest - KEPT && recent.size() < limit; i--) {
			Decision decision = this.slots.get((int) (i % KEPT));
			if (decision != null) {
				recent.add(decision);
			}
		}
		return recent;
	}

	/**
	 * One attempt of one request.
	 *
	 * @param pool the pool it went to
	 * @param strategy the pool's strategy
	 * @param path the request's path, without its query (which may carry secrets)
	 * @param attempt 1 for the first instance tried, 2 for a retry on a second
	 * @param candidates the instances it could go to
	 * @param choice the instance chosen and why
	 * @param outcome what came of it: a status, or the failure
	 * @param tookNanos from sending to the outcome
	 */
	public record Decision(Instant at, String pool, GatewayProperties.Strategy strategy, String method, String path,
			int attempt, int candidates, Choice choice, String outcome, long tookNanos) {

		public String instance() {
			return this.choice.instance().id();
		}

		public String reason() {
			return this.choice.why();
		}

	}

}
