package dev.scaleout.topology.settings;

/** The gateway's pools of replicas: {@code gateway.pools.<pool>}. */
public enum Pool {

	/** The replicas of the current version: every request without the canary cookie. */
	APP,
	/** The canary: requests with {@code canary=always}. */
	CANARY;

	/**
	 * The pool's name in the gateway's configuration and in {@code /gateway/instances}.
	 */
	public String id() {
		return Choices.text(this);
	}

}
