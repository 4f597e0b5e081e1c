package dev.scaleout.app.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Accepts or refuses an upload, then stores it. The servlet container has already spooled
 * the part to a temporary file (and cut it off at the size limit), so the file is read
 * twice from disk — once to inspect it, once to store it — and never held in memory.
 */
@Service
class Uploads {

	private final FileStore store;

	private final StorageProperties properties;

	Uploads(FileStore store, StorageProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	StoredFile accept(String owner, MultipartFile upload) {
		ContentSniffer.Sniffed sniffed = sniff(upload);
		long maxSize = this.properties.maxSize().toBytes();
		if (sniffed.size() > maxSize) {
			throw new UploadRejectedException(HttpStatus.CONTENT_TOO_LARGE,
					"The file is larger than the limit of " + maxSize + " bytes.");
		}
		if (sniffed.size() == 0) {
			throw new UploadRejectedException(HttpStatus.BAD_REQUEST, "The file is empty.");
		}
		String contentType = acceptedType(sniffed.contentType(), upload.getContentType());
		StoredFile file = new StoredFile(OwnerKeys.newId(), FileNames.sanitize(upload.getOriginalFilename()),
				sniffed.size(), contentType, sniffed.sha256(), Instant.now());
		this.store.save(owner, file, upload);
		return file;
	}

	private String acceptedType(String detected, String declared) {
		if (detected == null || !this.properties.allowedTypes().contains(detected)) {
			throw new UploadRejectedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The file's content is not of an accepted type ("
							+ String.join(", ", this.properties.allowedTypes())
							+ "); the type is decided from the bytes, not from the name or the declared type.");
		}
		String declaredType = baseType(declared);
		if (declaredType != null && !declaredType.equals(MediaType.APPLICATION_OCTET_STREAM_VALUE)
				&& !declaredType.equals(detected)) {
			throw new UploadRejectedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The file was sent as " + declaredType + " but its content is " + detected + ".");
		}
		return detected.equals(ContentSniffer.TEXT) ? "text/plain;charset=UTF-8" : detected;
	}

	private static String baseType(String declared) {
		if (declared == null || declared.isBlank()) {
			return null;
		}
		try {
			MediaType type = MediaType.parseMediaType(declared);
			return (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			throw new UploadRejectedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The part's Content-Type '" + declared + "' is not a media type.");
		}
	}

	private static ContentSniffer.Sniffed sniff(MultipartFile upload) {
		try (InputStream in = upload.getInputStream()) {
			return ContentSniffer.sniff(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
