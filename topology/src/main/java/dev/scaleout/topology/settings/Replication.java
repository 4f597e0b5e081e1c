package dev.scaleout.topology.settings;

/**
 * Who holds a copy of each session in a cluster: {@code app.session.cluster.replication}.
 */
public enum Replication {

	/** Every replica holds every session (Tomcat's DeltaManager). */
	ALL_TO_ALL,
	/** The owner and one backup (Tomcat's BackupManager). */
	PRIMARY_BACKUP

}
