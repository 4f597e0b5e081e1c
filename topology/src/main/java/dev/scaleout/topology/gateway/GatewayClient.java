package dev.scaleout.topology.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.scaleout.topology.process.HttpGet;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.Strategy;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads the gateway's view of its instances, {@code GET /gateway/instances}, into
 * records. Strict on purpose: a property the records do not know, or one they need and
 * the answer lacks, fails the reading instead of leaving a figure at its default. That is
 * how a script that grepped this JSON for a shape it never had came to publish a failover
 * time that was one round trip.
 */
public final class GatewayClient {

	private static final TypeReference<Map<String, PoolView>> POOLS = new TypeReference<>() {
	};

	private static final TypeReference<List<DecisionView>> DECISIONS = new TypeReference<>() {
	};

	/** Built on first use: {@code ./scaleout port} needs no JSON and answers faster. */
	private static final class Json {

		static final JsonMapper MAPPER = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
					DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
					DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
			.addModule(new SimpleModule("choices")
				.addDeserializer(Strategy.class, new ChoiceDeserializer<>(Strategy.class))
				.addDeserializer(InstanceView.State.class, new ChoiceDeserializer<>(InstanceView.State.class)))
			.build();

		private Json() {
		}

	}

	private final URI instances;

	private final URI decisions;

	/**
	 * @param baseUrl the gateway's public address, {@code http://127.0.0.1:8080}
	 */
	public GatewayClient(String baseUrl) {
		this.instances = URI.create(baseUrl + "/gateway/instances");
		this.decisions = URI.create(baseUrl + "/gateway/decisions");
	}

	/**
	 * @throws UncheckedIOException when the gateway does not answer 200 within 2 s
	 * @throws IllegalStateException when the answer is not what the records say
	 */
	public GatewayView instances() {
		try {
			HttpGet.Answer answer = HttpGet.get(this.instances, Duration.ofSeconds(2));
			if (answer.status() != 200) {
				throw new IOException(this.instances + " answered " + answer.status());
			}
			return parse(answer.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The balancer's latest decisions, newest first.
	 * @throws UncheckedIOException when the gateway does not answer 200 within 2 s
	 * @throws IllegalStateException when the answer is not what the records say
	 */
	public List<DecisionView> decisions() {
		try {
			HttpGet.Answer answer = HttpGet.get(this.decisions, Duration.ofSeconds(2));
			if (answer.status() != 200) {
				throw new IOException(this.decisions + " answered " + answer.status());
			}
			return Json.MAPPER.readValue(answer.body(), DECISIONS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException(
					"/gateway/decisions does not answer what the topology reads: " + ex.getOriginalMessage(), ex);
		}
	}

	/** The gateway's view, or empty when it does not answer (it is starting, or gone). */
	public Optional<GatewayView> tryInstances() {
		try {
			return Optional.of(instances());
		}
		catch (UncheckedIOException ex) {
			return Optional.empty();
		}
	}

	/** Reads an answer of {@code GET /gateway/instances}. */
	public static GatewayView parse(String json) {
		try {
			return new GatewayView(Json.MAPPER.readValue(json, POOLS));
		}
		catch (JacksonException ex) {
			throw new IllegalStateException(
					"/gateway/instances does not answer what the topology reads: " + ex.getOriginalMessage(), ex);
		}
	}

	/** Our enums as the gateway writes them: {@code round-robin}, {@code healthy}. */
	private static final class ChoiceDeserializer<E extends Enum<E>> extends StdDeserializer<E> {

		private final Class<E> type;

		ChoiceDeserializer(Class<E> type) {
			super(type);
			this.type = type;
		}

		@Override
		public E deserialize(JsonParser parser, DeserializationContext context) {
			String text = parser.getString();
			try {
				return Choices.parse(this.type, text);
			}
			catch (IllegalArgumentException ex) {
				return context.reportInputMismatch(this, ex.getMessage());
			}
		}

	}

}
