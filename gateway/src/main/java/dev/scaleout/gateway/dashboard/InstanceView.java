package dev.scaleout.gateway.dashboard;

import java.time.Instant;

import dev.scaleout.gateway.balancing.Instance;

/**
 * One replica as the dashboard shows it: the balancer's view plus the traffic rates of
 * the last samples.
 *
 * @param state healthy, ejected or unhealthy: what the balancer does with it
 * @param draining the replica said it is shutting down (readiness OUT_OF_SERVICE)
 * @param answering the last health check reached a live process (an answer, or a slow
 * one)
 * @param requestsPerSecond requests sent to it during the last sample
 * @param share its part of the pool's requests over the last
 * {@value TrafficSampler#SHARE_WINDOW} samples, 0 to 1
 * @param ejectionReason why it was last ejected, with the figure that decided it
 * @param slowStartPercent the percentage of its share it gets now: below 100 while it
 * warms up after being admitted (slow start)
 * @param concurrencyLimit how many requests may be in flight on it under the adaptive
 * concurrency limit; 0 when there is none
 */
record InstanceView(String id, String url, String version, String state, boolean draining, boolean answering,
		int inFlight, long requests, long errors, double requestsPerSecond, double share, Instant lastStateChange,
		int weight, String ejectionReason, int slowStartPercent, int concurrencyLimit) {

	static InstanceView of(Instance instance, TrafficSampler.Rate rate, int slowStartPercent) {
		return new InstanceView(instance.id(), instance.url().toString(), instance.version(),
				instance.state().name().toLowerCase(), instance.isDraining(), instance.isAnswering(),
				instance.inFlight(), instance.requests(), instance.errors(), rate.requestsPerSecond(), rate.share(),
				instance.lastStateChange(), instance.weight(), instance.ejectionReason(), slowStartPercent,
				instance.concurrencyLimit());
	}

}
