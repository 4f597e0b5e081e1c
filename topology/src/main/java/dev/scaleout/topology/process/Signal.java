package dev.scaleout.topology.process;

/** The two ways a process is stopped. */
public enum Signal {

	/** SIGKILL: a crash; nothing runs in the process afterwards. */
	KILL,
	/** SIGTERM: a graceful shutdown; the process drains and exits on its own. */
	TERM

}
