package dev.scaleout.app.files;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads an upload once, from its first byte to its last, and tells what it is: its size,
 * its SHA-256, and its content type as the bytes say — never as the client says.
 * <p>
 * Binary formats are recognised by their signature (magic number); plain text is what
 * remains when every byte is valid UTF-8 without control characters other than tab, line
 * feed, form feed and carriage return.
 */
final class ContentSniffer {

	static final String PNG = "image/png";

	static final String JPEG = "image/jpeg";

	static final String GIF = "image/gif";

	static final String WEBP = "image/webp";

	static final String PDF = "application/pdf";

	static final String TEXT = "text/plain";

	private static final int HEAD = 12;

	private final byte[] head = new byte[HEAD];

	private int headLength;

	private long size;

	private final MessageDigest sha256;

	private final Utf8TextCheck text = new Utf8TextCheck();

	private ContentSniffer() {
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the bytes are.
	 *
	 * @param size the number of bytes
	 * @param sha256 their SHA-256, hexadecimal
	 * @param contentType the detected type, or {@code null} when it is none we know
	 */
	record Sniffed(long size, String sha256, String contentType) {

	}

	static Sniffed sniff(InputStream in) throws IOException {
		ContentSniffer sniffer = new ContentSniffer();
		byte[] buffer = new byte[64 * 1024];
		for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
			sniffer.update(buffer, read);
		}
		return sniffer.result();
	}

	private void update(byte[] buffer, int length) {
		if (this.headLength < HEAD) {
			int copied = Math.min(HEAD - this.headLength, length);
			System.arraycopy(buffer, 0, this.head, this.headLength, copied);
			this.headLength += copied;
		}
		this.sha256.update(buffer, 0, length);
		this.text.update(buffer, length);
		this.size += length;
	}

	private Sniffed result() {
		return new Sniffed(this.size, HexFormat.of().formatHex(this.sha256.digest()), detect());
	}

	private String detect() {
		byte[] h = Arrays.copyOf(this.head, this.headLength);
		if (startsWith(h, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
			return PNG;
		}
		if (startsWith(h, 0xFF, 0xD8, 0xFF)) {
			return JPEG;
		}
		if (startsWith(h, 'G', 'I', 'F', '8', '7', 'a') || startsWith(h, 'G', 'I', 'F', '8', '9', 'a')) {
			return GIF;
		}
		if (startsWith(h, 'R', 'I', 'F', 'F') && h.length >= 12 && h[8] == 'W' && h[9] == 'E' && h[10] == 'B'
				&& h[11] == 'P') {
			return WEBP;
		}
		if (startsWith(h, '%', 'P', 'D', 'F', '-')) {
			return PDF;
		}
		if (this.size > 0 && this.text.isText()) {
			return TEXT;
		}
		return null;
	}

	private static boolean startsWith(byte[] bytes, int... signature) {
		if (bytes.length < signature.length) {
			return false;
		}
		for (int i = 0; i < signature.length; i++) {
			if ((bytes[i] & 0xFF) != signature[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A streaming check that bytes are well-formed UTF-8 text: no overlong forms, no
	 * surrogates, nothing above U+10FFFF, no control characters but whitespace.
	 */
	private static final class Utf8TextCheck {

		private boolean valid = true;

		/** Continuation bytes still expected for the current character. */
		private int pending;

		/**
		 * Allowed range of the next continuation byte (narrower after E0, ED, F0, F4).
		 */
		private int low = 0x80;

		private int high = 0xBF;

		void update(byte[] buffer, int length) {
			for (int i = 0; i < length && this.valid; i++) {
				accept(buffer[i] & 0xFF);
			}
		}

		boolean isText() {
			return this.valid && this.pending == 0;
		}

		private void accept(int b) {
			if (this.pending > 0) {
				if (b < this.low || b > this.high) {
					this.valid = false;
					return;
				}
				this.pending--;
				this.low = 0x80;
				this.high = 0xBF;
				return;
			}
			if (b < 0x80) {
				this.valid = b >= 0x20 ? b != 0x7F : (b == '\t' || b == '\n' || b == '\f' || b == '\r');
			}
			else if (b >= 0xC2 && b <= 0xDF) {
				this.pending = 1;
			}
			else if (b >= 0xE0 && b <= 0xEF) {
				this.pending = 2;
				this.low = (b == 0xE0) ? 0xA0 : 0x80;
				this.high = (b == 0xED) ? 0x9F : 0xBF;
			}
			else if (b >= 0xF0 && b <= 0xF4) {
				this.pending = 3;
				this.low = (b == 0xF0) ? 0x90 : 0x80;
				this.high = (b == 0xF4) ? 0x8F : 0xBF;
			}
			else {
				this.valid = false;
			}
		}

	}

}
