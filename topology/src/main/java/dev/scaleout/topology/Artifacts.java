package dev.scaleout.topology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the topology runs, as the build lays it out: the two Spring Boot jars and
 * S3Proxy's class path. By default in the checkout this module was built in;
 * {@code -Dscaleout.root} names another checkout, and {@code -Dapp.jar} and
 * {@code -Dgateway.jar} (set by the build for the end-to-end tests) name the jars
 * themselves.
 */
public record Artifacts(Path appJar, Path gatewayJar, Path s3proxyHome) {

	public static Artifacts ofBuild() {
		Properties build = new Properties();
		try (InputStream in = Artifacts.class.getResourceAsStream("build.properties")) {
			build.load(in);
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("the topology module was built without build.properties", ex);
		}
		Path root = Path.of(System.getProperty("scaleout.root", build.getProperty("root")))
			.toAbsolutePath()
			.normalize();
		String version = build.getProperty("version");
		return new Artifacts(
				Path.of(System.getProperty("app.jar",
						root.resolve("app-service/target/app-service-" + version + ".jar").toString())),
				Path.of(System.getProperty("gateway.jar",
						root.resolve("gateway/target/gateway-" + version + ".jar").toString())),
				root.resolve("s3proxy/target/s3proxy"));
	}

	/**
	 * The modules whose build output is missing, to be built before the topology runs.
	 */
	public List<String> missingModules() {
		List<String> missing = new ArrayList<>();
		if (!Files.isDirectory(this.s3proxyHome.resolve("lib"))) {
			missing.add("s3proxy");
		}
		if (!Files.isRegularFile(this.appJar)) {
			missing.add("app-service");
		}
		if (!Files.isRegularFile(this.gatewayJar)) {
			missing.add("gateway");
		}
		return missing;
	}

}
