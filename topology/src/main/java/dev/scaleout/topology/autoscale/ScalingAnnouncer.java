package dev.scaleout.topology.autoscale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.scaleout.topology.settings.Choices;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the gateway what the supervisor did ({@code POST /actuator/scaling} on its
 * management port), so that the dashboard lists each decision and each replacement next
 * to the replicas joining and leaving. A gateway that does not answer misses the event;
 * the supervisor's own log keeps it.
 */
public final class ScalingAnnouncer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final URI endpoint;

	/**
	 * @param managementUrl the gateway's actuator, {@code http://127.0.0.1:8090}
	 */
	public ScalingAnnouncer(String managementUrl) {
		this.endpoint = URI.create(managementUrl + "/actuator/scaling");
	}

	/**
	 * @return whether the gateway took it
	 */
	public boolean announce(ScalingEvent event) {
		String body = JSON.writeValueAsString(Map.of("kind", Choices.text(event.kind()), "text", event.text()));
		try {
			HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(this.endpoint)
				.timeout(Duration.ofSeconds(2))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() / 100 == 2;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
