package dev.scaleout.topology.settings;

/**
 * Which attributes Spring Session writes back to Redis at the end of a request
 * ({@code app.session.redis.save-mode}, Spring Session's {@code SaveMode}).
 */
public enum SessionSaveMode {

	/** Only those set during the request: Spring Session's default. */
	ON_SET_ATTRIBUTE,
	/** Those read too. */
	ON_GET_ATTRIBUTE,
	/** Every attribute, whole. */
	ALWAYS

}
