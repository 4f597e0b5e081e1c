package dev.scaleout.app.files;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where uploaded files are kept, and which files are accepted.
 *
 * @param type {@code s3}: S3-compatible object storage that every replica shares;
 * {@code local}: this replica's own disk, to show a file that only one replica has
 * @param bucket the bucket for uploads, created at start-up when missing
 * @param endpoint the S3 endpoint (MinIO, S3Proxy); empty for AWS S3 itself
 * @param region the S3 region
 * @param accessKey the access key; empty for the AWS default credentials chain
 * @param secretKey the secret key that goes with the access key
 * @param pathStyleAccess {@code http://host/bucket/key} rather than
 * {@code http://bucket.host/key}, as MinIO and S3Proxy expect
 * @param maxSize the largest file accepted
 * @param allowedTypes the content types accepted, decided from the file's bytes
 * @param timeout how long one storage call may wait for the server before the request is
 * answered 503
 * @param localDir the directory of the {@code local} type; by default a directory per
 * instance under the temporary directory
 */
@ConfigurationProperties("app.storage")
@Validated
public record StorageProperties(@NotNull @DefaultValue("s3") Type type,
		@NotBlank @DefaultValue("uploads") String bucket, URI endpoint,
		@NotBlank @DefaultValue("us-east-1") String region, String accessKey, String secretKey,
		@DefaultValue("true") boolean pathStyleAccess, @NotNull @DefaultValue("10MB") DataSize maxSize,
		@NotEmpty @DefaultValue( {
				"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
				"text/plain" }) List<String> allowedTypes,
		@NotNull @DefaultValue("3s") Duration timeout, Path localDir){

	public enum Type {

		/** S3-compatible object storage shared by every replica. */
		S3,
		/** The replica's own disk: the stateful way, for the demonstration. */
		LOCAL

	}

}
