package dev.scaleout.gateway.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.scaleout.gateway.balancing.DecisionLog;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the gateway knows of every instance, for the dashboard (served at {@code /} from
 * {@code static/}), for scripts and for tests.
 */
@RestController
class InstancesController {

	private final TrafficSampler sampler;

	private final DecisionLog decisions;

	InstancesController(TrafficSampler sampler, DecisionLog decisions) {
		this.sampler = sampler;
		this.decisions = decisions;
	}

	@GetMapping("/gateway/instances")
	Map<String, PoolView> instances() {
		return this.sampler.pools();
	}

	/**
	 * The balancer's latest decisions, newest first: which replica, why, what came of it.
	 */
	@GetMapping("/gateway/decisions")
	List<DecisionView> decisions() {
		return DecisionView.recent(this.decisions);
	}

	/**
	 * Server-sent events: the chart's history once ({@code history}), then a
	 * {@code snapshot} every second. A slow listener skips snapshots rather than queue
	 * them.
	 */
	@GetMapping(path = "/gateway/dashboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> stream() {
		Mono<ServerSentEvent<Object>> history = Mono
			.fromSupplier(() -> ServerSentEvent.builder((Object) this.sampler.history()).event("history").build());
		Flux<ServerSentEvent<Object>> snapshots = this.sampler.snapshots()
			.onBackpressureLatest()
			.map((snapshot) -> ServerSentEvent.builder((Object) snapshot)
				.event("snapshot")
				.retry(Duration.ofSeconds(1))
				.build());
		return history.concatWith(snapshots);
	}

}
