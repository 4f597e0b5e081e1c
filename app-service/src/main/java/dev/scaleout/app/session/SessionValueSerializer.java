package dev.scaleout.app.session;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * How Spring Session writes each value of a session's Redis hash: as JSON, instead of its
 * default Java serialization (which ties a stored session to the classes of the version
 * that wrote it). The values are Spring Session's own timestamps and interval and this
 * app's attributes, all JSON scalars: text (the session itself, see {@link SessionJson}),
 * numbers, booleans. A number comes back as an {@code Integer} when it fits one and a
 * {@code Long} otherwise, which is exactly what Spring Session stores (its timestamps are
 * epoch milliseconds, its interval seconds). Anything else is refused when written, so a
 * class can never slip into the store.
 */
class SessionValueSerializer implements RedisSerializer<Object> {

	private static final byte[] NONE = new byte[0];

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public byte[] serialize(Object value) {
		if (value == null) {
			// A removed attribute (Spring Session writes its removal as null).
			return NONE;
		}
		if (!(value instanceof String || value instanceof Integer || value instanceof Long
				|| value instanceof Boolean)) {
			throw new SerializationException("Session values are JSON text, numbers or booleans, so that every app "
					+ "version can read them; " + value.getClass().getName() + " is none of them");
		}
		return JSON.writeValueAsBytes(value);
	}

	@Override
	public Object deserialize(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			return null;
		}
		try {
			return JSON.readValue(bytes, Object.class);
		}
		catch (JacksonException ex) {
			// Not JSON (a session written with Java serialization before): unreadable.
			return UNREADABLE;
		}
	}

	/** Stands for a value that is not JSON; a session holding one is no session. */
	static final Object UNREADABLE = new Object();

}
