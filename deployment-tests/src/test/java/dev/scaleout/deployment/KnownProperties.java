package dev.scaleout.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every configuration property a service really reads, taken from the
 * {@code spring-configuration-metadata.json} files inside its Spring Boot jar: its own
 * (generated from its {@code @ConfigurationProperties} records) and those of every
 * library it ships. An environment variable that maps to none of them configures nothing.
 */
final class KnownProperties {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String ADDITIONAL = "META-INF/additional-spring-configuration-metadata.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Set<String> exact = new HashSet<>();

	private final Set<String> mapPrefixes = new HashSet<>();

	private KnownProperties() {
	}

	/** Reads the properties of a built Spring Boot jar ({@code module/target/*.jar}). */
	static KnownProperties ofBootJar(Path jar) {
		KnownProperties known = new KnownProperties();
		try (JarFile file = new JarFile(jar.toFile())) {
			Enumeration<JarEntry> entries = file.entries();
			while (entries.hasMoreElements()) {
				JarEntry entry = entries.nextElement();
				if (entry.getName().endsWith(METADATA) || entry.getName().endsWith(ADDITIONAL)) {
					try (InputStream in = file.getInputStream(entry)) {
						known.add(JSON.readTree(in));
					}
				}
				else if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					try (JarInputStream nested = new JarInputStream(file.getInputStream(entry))) {
						for (ZipEntry inner; (inner = nested.getNextEntry()) != null;) {
							if (inner.getName().equals(METADATA) || inner.getName().equals(ADDITIONAL)) {
								known.add(JSON.readTree(nested.readAllBytes()));
							}
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return known;
	}

	static Path bootJar(String module) {
		Path target = RepoFiles.file(module).resolve("target");
		try (var files = Files.list(target)) {
			return files.filter((path) -> path.getFileName().toString().matches(module + "-.*\\.jar"))
				.filter((path) -> !path.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException | java.util.NoSuchElementException ex) {
			throw new IllegalStateException("Build " + module + " first (./mvnw package): no jar in " + target, ex);
		}
	}

	private void add(JsonNode metadata) {
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString("");
			String type = property.path("type").asString("");
			this.exact.addAll(environmentForms(name));
			if (type.startsWith("java.util.Map") || type.startsWith("java.util.List")) {
				this.mapPrefixes.addAll(environmentForms(name));
			}
		}
	}

	/**
	 * Whether an environment variable binds to a known property by Spring Boot's rule for
	 * environment variables: lower-cased, {@code _} read as {@code .}, and the property's
	 * dashes removed ({@code APP_SESSION_JWTSECRET} would bind
	 * {@code app.session.jwt-secret}). Variables below a map or list property
	 * ({@code GATEWAY_POOLS_APP_...}) bind through it.
	 */
	boolean bindsEnvironmentVariable(String variable) {
		String name = variable.toLowerCase(Locale.ROOT).replace('_', '.');
		if (this.exact.contains(name)) {
			return true;
		}
		for (String prefix : this.mapPrefixes) {
			if (name.startsWith(prefix + ".")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a property set by its name (a command-line argument) is one the service
	 * reads: known exactly, or an entry below a map or list property
	 * ({@code gateway.pools.app.weights[http://host:8081]}).
	 */
	boolean bindsProperty(String property) {
		String name = property.toLowerCase(Locale.ROOT).replaceAll("\\[[^]]*]", "");
		if (this.exact.contains(name.replace("-", ""))) {
			return true;
		}
		for (String prefix : this.mapPrefixes) {
			if (name.replace("-", "").startsWith(prefix + ".") || name.replace("-", "").equals(prefix)) {
				return true;
			}
		}
		return false;
	}

	boolean isEmpty() {
		return this.exact.isEmpty();
	}

	/**
	 * The dotted forms an environment variable can bind: the canonical one (dashes
	 * removed, {@code APP_INSTANCEID}) and Spring Boot's legacy one (dashes as
	 * underscores, {@code APP_INSTANCE_ID}).
	 */
	private static Set<String> environmentForms(String name) {
		String plain = name.toLowerCase(Locale.ROOT).replaceAll("\\[[^]]*]", "");
		return new HashSet<>(List.of(plain.replace("-", ""), plain.replace('-', '.')));
	}

}
