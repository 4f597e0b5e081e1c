package dev.scaleout.gateway.dashboard;

import java.time.Instant;
import java.util.List;

import dev.scaleout.gateway.balancing.DecisionLog;

/**
 * One of the balancer's recent decisions as the dashboard shows it: which replica an
 * attempt went to, why (the strategy's inputs at that moment), and what came of it.
 *
 * @param attempt 1 for the first replica tried, 2 and on for retries
 * @param candidates how many replicas it could have gone to
 * @param reason the strategy's rule and inputs, in words
 * @param outcome the status, or the failure, and whether it was retried
 * @param millis from sending to the outcome
 */
record DecisionView(Instant at, String pool, String strategy, String method, String path, int attempt, int candidates,
		String instance, String reason, String outcome, double millis) {

	/** The decisions shown: enough for a screen, newest first. */
	static final int SHOWN = 20;

	static List<DecisionView> recent(DecisionLog log) {
		return log.recent(SHOWN).stream().map(DecisionView::of).toList();
	}

	static DecisionView of(DecisionLog.Decision decision) {
		return new DecisionView(decision.at(), decision.pool(), decision.strategy().text(), decision.method(),
				decision.path(), decision.attempt(), decision.candidates(), decision.instance(), decision.reason(),
				decision.outcome(), Math.round(decision.tookNanos() / 10_000.0) / 100.0);
	}

}
