package dev.scaleout.topology.settings;

/** Where a replica keeps sessions: {@code app.session.store}. */
public enum SessionStore {

	/** Spring Session in Redis: every replica sees every session. */
	REDIS,
	/** The whole session in a signed token cookie. */
	JWT,
	/** The replica's own memory: works only behind sticky routing. */
	MEMORY,
	/** The replica's memory, replicated by Tomcat's session clustering. */
	CLUSTER

}
