package dev.scaleout.app.files;

import java.nio.file.Path;
import java.util.Arrays;

import jakarta.servlet.MultipartConfigElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

import dev.scaleout.app.system.InstanceProperties;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * The file store chosen by {@code app.storage.type}, its S3 client, and the servlet
 * container's multipart limits derived from {@code app.storage.max-size}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class FilesConfig {

	private static final Logger log = LoggerFactory.getLogger(FilesConfig.class);

	/** Room for the multipart boundaries and part headers around the file itself. */
	private static final DataSize MULTIPART_OVERHEAD = DataSize.ofKilobytes(64);

	/** The S3Proxy and MinIO password that the dev profile and docker compose share. */
	static final String DEV_SECRET_KEY = "scaleout-dev-secret";

	@Bean
	FileStore fileStore(StorageProperties properties, InstanceProperties instance, Environment environment) {
		if (DEV_SECRET_KEY.equals(properties.secretKey()) && !environment.acceptsProfiles(Profiles.of("dev"))) {
			throw new IllegalStateException("app.storage.secret-key is the public dev-only password, but the dev "
					+ "profile is not active (profiles: " + Arrays.toString(environment.getActiveProfiles())
					+ "). Set APP_STORAGE_ACCESSKEY and APP_STORAGE_SECRETKEY to credentials of your own.");
		}
		if (properties.type() == StorageProperties.Type.LOCAL) {
			Path root = (properties.localDir() != null) ? properties.localDir()
					: Path.of(System.getProperty("java.io.tmpdir"), "scaleout-uploads", instance.instanceId());
			return new LocalFileStore(root);
		}
		return new S3FileStore(s3Client(properties), properties);
	}

	/**
	 * The container spools every part to disk (threshold 0) and refuses a body over the
	 * limit while reading it, whatever Content-Length the client announced.
	 */
	@Bean
	MultipartConfigElement multipartConfigElement(StorageProperties properties) {
		MultipartConfigFactory factory = new MultipartConfigFactory();
		factory.setMaxFileSize(properties.maxSize());
		factory.setMaxRequestSize(DataSize.ofBytes(properties.maxSize().toBytes() + MULTIPART_OVERHEAD.toBytes()));
		factory.setFileSizeThreshold(DataSize.ofBytes(0));
		return factory.createMultipartConfig();
	}

	@EventListener(ApplicationReadyEvent.class)
	void createBucket(ApplicationReadyEvent event) {
		FileStore store = event.getApplicationContext().getBean(FileStore.class);
		try {
			store.checkReachable();
			log.info("Files go to {}", store.location());
		}
		catch (RuntimeException ex) {
			// The replica still serves everything else; readiness reports the storage and
			// the first call that reaches it creates the bucket.
			log.warn("File storage not reachable at start-up ({}): {}", store.location(), ex.getMessage());
		}
	}

	private static S3Client s3Client(StorageProperties properties) {
		var builder = S3Client.builder()
			.region(Region.of(properties.region()))
			.credentialsProvider(credentials(properties))
			.forcePathStyle(properties.pathStyleAccess())
			// Checksums only where S3 requires them: MinIO and S3Proxy do not all take
			// the
			// newer trailing-checksum uploads, and SHA-256 is computed by us anyway.
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.httpClientBuilder(ApacheHttpClient.builder()
				.connectionTimeout(properties.timeout())
				.socketTimeout(properties.timeout())
				.maxConnections(64))
			// One retry at most: a dead storage server must cost a fast 503.
			.overrideConfiguration((config) -> config
				.retryStrategy(DefaultRetryStrategy.standardStrategyBuilder().maxAttempts(2).build()));
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		return builder.build();
	}

	private static AwsCredentialsProvider credentials(StorageProperties properties) {
		if (StringUtils.hasText(properties.accessKey())) {
			return StaticCredentialsProvider
				.create(AwsBasicCredentials.create(properties.accessKey(), properties.secretKey()));
		}
		return DefaultCredentialsProvider.builder().build();
	}

}
