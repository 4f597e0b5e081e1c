package dev.scaleout.topology.gateway;

import java.time.Instant;

import dev.scaleout.topology.settings.Strategy;

/**
 * One of the balancer's recent decisions as {@code GET /gateway/decisions} reports it,
 * held to the real controller by {@code InstancesContractTests} in the gateway.
 *
 * @param pool the pool the request went to
 * @param path the request's path, without its query
 * @param attempt 1 for the first replica tried, 2 and on for retries
 * @param candidates how many replicas it could have gone to
 * @param instance the replica chosen
 * @param reason the strategy's rule and its inputs at that moment, in words
 * @param outcome the status, or the failure, and whether it was retried
 * @param millis from sending to the outcome
 */
public record DecisionView(Instant at, String pool, Strategy strategy, String method, String path, int attempt,
		int candidates, String instance, String reason, String outcome, double millis) {

}
