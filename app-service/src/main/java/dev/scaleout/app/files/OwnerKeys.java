package dev.scaleout.app.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How files are laid out in a store: {@code files/<owner hash>/<id>}. The owner is part
 * of every key, so a file can only be found on behalf of its owner, and user names never
 * appear in paths or keys.
 */
final class OwnerKeys {

	private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private OwnerKeys() {
	}

	static String newId() {
		return UUID.randomUUID().toString();
	}

	/** Ids are ours; anything else (a path, a traversal) names no file. */
	static boolean isValidId(String id) {
		return id != null && ID.matcher(id).matches();
	}

	static String prefix(String owner) {
		return "files/" + ownerHash(owner) + "/";
	}

	static String key(String owner, String id) {
		if (!isValidId(id)) {
			throw new IllegalArgumentException("Not a file id: " + id);
		}
		return prefix(owner) + id;
	}

	static String ownerHash(String owner) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
