package dev.scaleout.topology.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run as one process of the topology.
 *
 * @param name the process's name in the topology ({@code app-2}), which names its log too
 * @param command the program and its arguments
 * @param environment variables on top of the launcher's own environment
 * @param files written before the start
 * @param inputs what the build must have made for it to start (a jar, a class path)
 */
public record ProcessSpec(String name, List<String> command, Map<String, String> environment, List<ConfigFile> files,
		List<Path> inputs) {

	public ProcessSpec {
		command = List.copyOf(command);
		environment = Map.copyOf(environment);
		files = List.copyOf(files);
		inputs = List.copyOf(inputs);
	}

	public ProcessSpec(String name, List<String> command, Map<String, String> environment, List<ConfigFile> files) {
		this(name, command, environment, files, List.of());
	}

	/**
	 * @throws IllegalStateException naming what is missing and how to build it
	 */
	void checkInputs() {
		for (Path input : this.inputs) {
			if (!Files.exists(input)) {
				throw new IllegalStateException("No " + input + " for " + this.name
						+ ": build it with ./mvnw -q -B -DskipTests package (./scaleout does that by itself)");
			}
		}
	}

}
