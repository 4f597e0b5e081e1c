package dev.scaleout.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * Renders a kustomization offline with {@code kubectl kustomize}, which also rejects
 * unknown kustomization fields.
 */
final class Kustomize {

	private Kustomize() {
	}

	static List<JsonNode> render(Path directory) {
		return RepoFiles.readYamlDocuments(run(directory).requireSuccess());
	}

	static Result run(Path directory) {
		ProcessBuilder builder = new ProcessBuilder(kubectl(), "kustomize", directory.toString());
		builder.redirectErrorStream(true);
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("kubectl kustomize timed out");
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new IllegalStateException("kubectl is needed to render k8s/ (install kubectl with kustomize)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String kubectl() {
		return System.getProperty("kubectl", "kubectl");
	}

	record Result(int exitCode, String output) {

		String requireSuccess() {
			if (this.exitCode != 0) {
				throw new IllegalStateException("kubectl kustomize failed (" + this.exitCode + "):\n" + this.output);
			}
			return this.output;
		}

	}

}
