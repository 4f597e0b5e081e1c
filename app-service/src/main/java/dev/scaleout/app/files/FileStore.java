package dev.scaleout.app.files;

import java.util.List;
import java.util.Optional;

import org.springframework.core.io.InputStreamSource;

/**
 * Where uploaded files live. Every call is made for one owner and sees only that owner's
 * files. Failures to reach the store are
 * {@link dev.scaleout.app.system.StoreUnavailableException}s (answered 503).
 */
interface FileStore {

	/**
	 * Stores a file that has been inspected and accepted. Either the whole file is stored
	 * or nothing is.
	 * @param owner the user the file belongs to
	 * @param file what is known about the file
	 * @param content the bytes, which can be read more than once (to retry)
	 */
	void save(String owner, StoredFile file, InputStreamSource content);

	Optional<FileDownload> open(String owner, String id);

	/** Deletes the file; {@code false} when the owner has no such file. */
	boolean delete(String owner, String id);

	/** The owner's files, newest first. */
	List<StoredFile> list(String owner);

	/**
	 * Fails with a {@link dev.scaleout.app.system.StoreUnavailableException} unless files
	 * can be stored right now.
	 */
	void checkReachable();

	/** Where files go, for the health endpoint. */
	String location();

}
