package dev.scaleout.topology.settings;

/** Where uploads are kept: {@code app.storage.type}. */
public enum StorageType {

	/** The S3-compatible object store every replica shares. */
	S3,
	/** Each replica's own disk, to watch files go missing. */
	LOCAL

}
