package dev.scaleout.topology;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import dev.scaleout.topology.process.ProcessSpec;
import dev.scaleout.topology.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast start never stands in a start's way: a jar it cannot extract, or a jar that is
 * not there, starts as it is. (That a replica does start from the archive is
 * AutoscaleEndToEndTests's, on the real jar.)
 */
class StartupCacheTests {

	@TempDir
	Path dir;

	@Test
	void aJarThatIsNoSpringBootJarStartsAsItIs() throws IOException {
		Path jar = this.dir.resolve("plain.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream ignored = new JarOutputStream(out, manifest)) {
			// A manifest and nothing to run: -Djarmode=tools cannot extract it.
		}
		StartupCache cache = new StartupCache(jar, 17);
		ProcessSpec spec = new ProcessSpec("app-1", List.of(Programs.java(), "-jar", jar.toString()), Map.of(),
				List.of());
		assertThat(cache.prepare(spec)).isFalse();
		assertThat(cache.launch()).isEmpty();
		assertThat(Programs.bootJar("app-1", jar, List.of(), Settings.none()).command()).containsSubsequence("-jar",
				jar.toString());
	}

	@Test
	void aMissingJarIsLeftToTheStartToReport() {
		StartupCache cache = new StartupCache(this.dir.resolve("missing.jar"), 25);
		assertThat(cache.prepare(new ProcessSpec("app-1", List.of("java", "-jar", "missing.jar"), Map.of(), List.of())))
			.isFalse();
		assertThat(cache.archive().getFileName().toString()).isEqualTo("jdk25.aot");
		assertThat(new StartupCache(this.dir.resolve("missing.jar"), 17).archive().getFileName().toString())
			.isEqualTo("jdk17.jsa");
	}

}
