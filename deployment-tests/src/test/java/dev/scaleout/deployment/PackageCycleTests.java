package dev.scaleout.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packages by feature, and no two features that need each other: a cycle means neither
 * can be read, changed or moved alone. The graph is the {@code import dev.scaleout...}
 * lines of each module's main sources (a feature's use of its own package needs none; a
 * fully qualified name in code is not seen, and none is written so).
 */
class PackageCycleTests {

	private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.scaleout(?:\\.[a-z]\\w*)+)\\.",
			Pattern.MULTILINE);

	@ParameterizedTest
	@ValueSource(strings = { "app-service", "gateway", "topology", "test-support", "load-tests" })
	void noTwoPackagesOfAModuleNeedEachOther(String module) {
		Map<String, Set<String>> graph = imports(RepoFiles.file(module));
		assertThat(graph).as("packages of " + module).isNotEmpty();
		assertThat(cycles(graph)).as("package cycles in " + module).isEmpty();
	}

	/** Each package and the packages its files import from. */
	static Map<String, Set<String>> imports(Path module) {
		Map<String, Set<String>> graph = new TreeMap<>();
		// A module's own code; tests share its packages and reach across them on purpose.
		// load-tests is all tests: its experiments are its code.
		Path sources = module.resolve("src/main/java");
		if (!Files.isDirectory(sources)) {
			sources = module.resolve("src/test/java");
		}
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> add(graph, read(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return graph;
	}

	private static void add(Map<String, Set<String>> graph, String source) {
		Matcher declared = PACKAGE.matcher(source);
		if (!declared.find()) {
			return;
		}
		String from = declared.group(1);
		Set<String> targets = graph.computeIfAbsent(from, (name) -> new TreeSet<>());
		Matcher imported = IMPORT.matcher(source);
		while (imported.find()) {
			// The pattern stops at the first capitalised segment: the class's package.
			String to = imported.group(1);
			if (!to.equals(from)) {
				targets.add(to);
			}
		}
	}

	/** The strongly connected components of more than one package (Tarjan). */
	static List<Set<String>> cycles(Map<String, Set<String>> graph) {
		Map<String, Integer> index = new HashMap<>();
		Map<String, Integer> low = new HashMap<>();
		Deque<String> stack = new ArrayDeque<>();
		Set<String> onStack = new TreeSet<>();
		List<Set<String>> cycles = new ArrayList<>();
		for (String start : graph.keySet()) {
			if (!index.containsKey(start)) {
				connect(start, graph, index, low, stack, onStack, cycles);
			}
		}
		return cycles;
	}

	private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
			Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> cycles) {
		index.put(node, index.size());
		low.put(node, index.get(node));
		stack.push(node);
		onStack.add(node);
		for (String next : graph.getOrDefault(node, Set.of())) {
			if (!index.containsKey(next)) {
				connect(next, graph, index, low, stack, onStack, cycles);
				low.put(node, Math.min(low.get(node), low.get(next)));
			}
			else if (onStack.contains(next)) {
				low.put(node, Math.min(low.get(node), index.get(next)));
			}
		}
		if (low.get(node).equals(index.get(node))) {
			Set<String> component = new TreeSet<>();
			String member;
			do {
				member = stack.pop();
				onStack.remove(member);
				component.add(member);
			}
			while (!member.equals(node));
			if (component.size() > 1) {
				cycles.add(component);
			}
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
