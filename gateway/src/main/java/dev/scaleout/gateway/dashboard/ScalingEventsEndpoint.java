package dev.scaleout.gateway.dashboard;

import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/scaling}, on the management port only: the autoscaler tells the
 * gateway what it did
 * ({@code POST {"kind": "scale-out", "text": "2 → 4: in-flight 11.0 per replica > target
 * 4"}}), and the dashboard lists it among the instances' own events, so that a replica
 * joining is seen next to the decision that started it.
 */
@Component
@Endpoint(id = "scaling")
class ScalingEventsEndpoint {

	static final Set<String> KINDS = Set.of("scale-out", "scale-in", "replaced");

	/** Longer than any decision's text; a text is shown, never parsed. */
	static final int MAX_TEXT = 300;

	private final TrafficSampler sampler;

	ScalingEventsEndpoint(TrafficSampler sampler) {
		this.sampler = sampler;
	}

	@WriteOperation
	void told(String kind, String text) {
		if (!KINDS.contains(kind)) {
			throw new InvalidEndpointRequestException("kind must be one of " + KINDS + ", was '" + kind + "'",
					"unknown kind");
		}
		if (text.isBlank() || text.length() > MAX_TEXT) {
			throw new InvalidEndpointRequestException("text must be 1.." + MAX_TEXT + " characters", "bad text");
		}
		this.sampler.told(kind, text);
	}

	@ReadOperation
	List<InstanceEvents.Event> events() {
		return this.sampler.told();
	}

}
