package dev.scaleout.app.files;

import java.time.Instant;

/**
 * An uploaded file as its owner sees it. The owner is not part of it: every lookup is
 * made on behalf of one owner, so another user's file simply does not exist.
 *
 * @param id the server-generated id (a UUID)
 * @param name the client's file name, sanitised, for display and downloads only
 * @param size the size in bytes
 * @param contentType the content type detected from the bytes
 * @param sha256 the SHA-256 of the bytes, hexadecimal
 * @param uploadedAt when the upload completed
 */
public record StoredFile(String id, String name, long size, String contentType, String sha256, Instant uploadedAt) {

	/** The ETag of a download: the same on every replica and for every kind of store. */
	public String etag() {
		return "\"" + this.sha256 + "\"";
	}

}
