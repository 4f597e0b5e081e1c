package dev.scaleout.app.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.topology.ObjectStore;

/**
 * Sample files and the properties that point a replica at a test S3 server.
 */
final class SampleFiles {

	private SampleFiles() {
	}

	static String[] s3(ObjectStore s3, String... more) {
		List<String> properties = new ArrayList<>(List.of("app.storage.type=s3"));
		// Where the store is and its credentials, as the topology tells every replica.
		s3.clientSettings().properties().forEach((name, value) -> properties.add(name + "=" + value));
		properties.addAll(List.of("app.storage.bucket=uploads", "app.storage.max-size=1MB"));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	static byte[] png(int size) {
		return withSignature(size, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
	}

	static byte[] pdf(int size) {
		return withSignature(size, '%', 'P', 'D', 'F', '-', '1', '.', '7');
	}

	static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		// Not a signature we know, and not text.
		bytes[0] = 0;
		return bytes;
	}

	static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String filesUrl(AppInstance app) {
		return app.url("/api/files");
	}

	private static byte[] withSignature(int size, int... signature) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		for (int i = 0; i < signature.length; i++) {
			bytes[i] = (byte) signature[i];
		}
		return bytes;
	}

}
