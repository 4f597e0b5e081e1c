package dev.scaleout.topology.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a process reads at start. {@code keep}: written only when missing, because the
 * process rewrites it itself (a Sentinel records what it learned of the topology there).
 */
public record ConfigFile(Path path, String content, boolean keep) {

	void write() {
		try {
			if (this.keep && Files.exists(this.path)) {
				return;
			}
			Files.createDirectories(this.path.getParent());
			Files.writeString(this.path, this.content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
