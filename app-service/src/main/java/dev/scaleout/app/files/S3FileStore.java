package dev.scaleout.app.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.scaleout.app.system.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.core.io.InputStreamSource;

/**
 * Files in an S3-compatible bucket (MinIO, S3Proxy, AWS S3), shared by every replica. The
 * file's name and hash travel as object metadata, so the bucket alone is the whole truth:
 * no index elsewhere can disagree with it.
 */
class S3FileStore implements FileStore {

	private static final Logger log = LoggerFactory.getLogger(S3FileStore.class);

	/**
	 * Metadata values are HTTP header values: ASCII only, so names go percent-encoded.
	 */
	private static final String NAME = "name";

	private static final String SHA256 = "sha256";

	/** A listing reads each file's metadata; beyond this many files it would be slow. */
	private static final int MAX_LISTED = 1000;

	private final S3Client s3;

	private final String bucket;

	private final Duration timeout;

	private final String location;

	private volatile boolean bucketReady;

	S3FileStore(S3Client s3, StorageProperties properties) {
		this.s3 = s3;
		this.bucket = properties.bucket();
		this.timeout = properties.timeout();
		this.location = "s3 bucket '" + properties.bucket() + "'"
				+ ((properties.endpoint() != null) ? " at " + properties.endpoint() : "");
	}

	@Override
	public void save(String owner, StoredFile file, InputStreamSource content) {
		ensureBucket();
		call(() -> this.s3.putObject(
				(put) -> put.bucket(this.bucket)
					.key(OwnerKeys.key(owner, file.id()))
					.contentType(file.contentType())
					.contentLength(file.size())
					.metadata(Map.of(NAME, URLEncoder.encode(file.name(), StandardCharsets.UTF_8), SHA256,
							file.sha256())),
				// The SDK asks for a fresh stream on every attempt, so a retry re-reads
				// the
				// spooled upload instead of buffering it in memory.
				RequestBody.fromContentProvider(() -> open(content), file.size(), file.contentType())));
	}

	@Override
	public Optional<FileDownload> open(String owner, String id) {
		try {
			ResponseInputStream<GetObjectResponse> object = call(
					() -> this.s3.getObject((get) -> get.bucket(this.bucket).key(OwnerKeys.key(owner, id))));
			GetObjectResponse response = object.response();
			return Optional.of(new FileDownload(describe(id, response.metadata(), response.contentLength(),
					response.contentType(), response.lastModified()), object));
		}
		catch (NoSuchKeyException ex) {
			return Optional.empty();
		}
	}

	@Override
	public boolean delete(String owner, String id) {
		// S3 deletes are idempotent and say nothing about whether the key existed.
		if (head(OwnerKeys.key(owner, id)).isEmpty()) {
			return false;
		}
		call(() -> this.s3.deleteObject((delete) -> delete.bucket(this.bucket).key(OwnerKeys.key(owner, id))));
		return true;
	}

	@Override
	public List<StoredFile> list(String owner) {
		if (!this.bucketReady && !bucketExists()) {
			return List.of();
		}
		ListObjectsV2Request request = ListObjectsV2Request.builder()
			.bucket(this.bucket)
			.prefix(OwnerKeys.prefix(owner))
			.build();
		List<S3Object> objects = call(
				() -> this.s3.listObjectsV2Paginator(request).contents().stream().limit(MAX_LISTED).toList());
		List<StoredFile> files = new ArrayList<>();
		for (S3Object object : objects) {
			String key = object.key();
			String id = key.substring(key.lastIndexOf('/') + 1);
			head(key).ifPresent((head) -> files
				.add(describe(id, head.metadata(), head.contentLength(), head.contentType(), head.lastModified())));
		}
		files.sort(Comparator.comparing(StoredFile::uploadedAt).reversed());
		return files;
	}

	@Override
	public void checkReachable() {
		this.bucketReady = false;
		ensureBucket();
	}

	@Override
	public String location() {
		return this.location;
	}

	/**
	 * Creates the bucket on first use. At start-up the storage may not be up yet; the
	 * replica starts anyway and creates it once the storage answers.
	 */
	private void ensureBucket() {
		if (this.bucketReady) {
			return;
		}
		if (!bucketExists()) {
			try {
				call(() -> this.s3.createBucket((create) -> create.bucket(this.bucket)));
				log.info("Created bucket '{}'", this.bucket);
			}
			catch (BucketAlreadyOwnedByYouException ex) {
				// Another replica created it first.
			}
		}
		this.bucketReady = true;
	}

	private boolean bucketExists() {
		try {
			call(() -> this.s3.headBucket((head) -> head.bucket(this.bucket)
				.overrideConfiguration((config) -> config.apiCallTimeout(this.timeout))));
			return true;
		}
		catch (NoSuchBucketException | NoSuchKeyException ex) {
			return false;
		}
	}

	private Optional<HeadObjectResponse> head(String key) {
		try {
			return Optional.of(call(() -> this.s3.headObject((head) -> head.bucket(this.bucket).key(key))));
		}
		catch (NoSuchKeyException ex) {
			return Optional.empty();
		}
	}

	private StoredFile describe(String id, Map<String, String> metadata, Long size, String contentType,
			Instant uploadedAt) {
		String name = URLDecoder.decode(metadata.getOrDefault(NAME, "file"), StandardCharsets.UTF_8);
		return new StoredFile(id, name, size, contentType, metadata.getOrDefault(SHA256, ""), uploadedAt);
	}

	/**
	 * Runs one storage call; "not found" answers pass through, anything else means the
	 * storage cannot serve us right now.
	 */
	private <T> T call(StorageCall<T> call) {
		try {
			return call.run();
		}
		catch (NoSuchKeyException | NoSuchBucketException | BucketAlreadyOwnedByYouException ex) {
			throw ex;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				// HEAD answers carry no error code, only the status.
				throw NoSuchKeyException.builder().message(ex.getMessage()).statusCode(404).build();
			}
			throw unavailable(ex);
		}
		catch (SdkException | UncheckedIOException ex) {
			throw unavailable(ex);
		}
	}

	private StoreUnavailableException unavailable(Exception ex) {
		this.bucketReady = false;
		return new StoreUnavailableException("The file storage is unavailable; retry shortly.", ex);
	}

	private static InputStream open(InputStreamSource content) {
		try {
			return content.getInputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface StorageCall<T> {

		T run();

	}

}
