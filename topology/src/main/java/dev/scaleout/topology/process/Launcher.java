package dev.scaleout.topology.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts the processes of a topology and finds them again: {@link #owned()} for tests
 * (everything dies with the JVM), {@link #detached(Path)} for the launcher (processes
 * outlive it, and the next call finds them by their pid files).
 */
public interface Launcher {

	/** A launcher whose processes die with this JVM; each topology gets its own. */
	static OwnedLauncher owned() {
		return new OwnedLauncher();
	}

	/** A launcher whose processes outlive the JVM, with state in {@code stateDir}. */
	static DetachedLauncher detached(Path stateDir) {
		return new DetachedLauncher(stateDir);
	}

	/** Writes the spec's files, starts the process and returns it. */
	RunningProcess launch(ProcessSpec spec);

	/** The live process of this name that this launcher started, if any. */
	Optional<RunningProcess> running(String name);

	/** The directory that holds the processes' logs and working directories. */
	Path root();

	/** Where the process of this name writes its output: {@code logs/NAME.log}. */
	default Path log(String name) {
		return createDirectory(root().resolve("logs")).resolve(name + ".log");
	}

	/**
	 * The working directory of the process of this name (its data, its configuration):
	 * {@code NAME/}.
	 */
	default Path directory(String name) {
		return createDirectory(root().resolve(name));
	}

	private static Path createDirectory(Path directory) {
		try {
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
