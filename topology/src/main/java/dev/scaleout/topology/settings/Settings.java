package dev.scaleout.topology.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of one service process: typed keys with their values, immutable. A later value
 * for the same key replaces the earlier one, so topology-wide settings can be refined per
 * process. Rendered as the environment variables and command-line arguments the process
 * is started with.
 */
public final class Settings {

	private static final Settings NONE = new Settings(Map.of());

	private final Map<Key<?>, String> values;

	private Settings(Map<Key<?>, String> values) {
		this.values = values;
	}

	public static Settings none() {
		return NONE;
	}

	public static <T> Settings of(Key<T> key, T value) {
		return NONE.with(key, value);
	}

	public <T> Settings with(Key<T> key, T value) {
		Map<Key<?>, String> next = new LinkedHashMap<>(this.values);
		// Re-inserted at the end, so the order is that of the last writes.
		next.remove(key);
		next.put(key, key.format(value));
		return new Settings(Collections.unmodifiableMap(next));
	}

	/** These settings, then {@code later}'s, which win. */
	public Settings and(Settings later) {
		Map<Key<?>, String> next = new LinkedHashMap<>(this.values);
		later.values.forEach((key, value) -> {
			next.remove(key);
			next.put(key, value);
		});
		return new Settings(Collections.unmodifiableMap(next));
	}

	/** The value as the service will read it. */
	public Optional<String> value(Key<?> key) {
		return Optional.ofNullable(this.values.get(key));
	}

	public List<Key<?>> keys() {
		return List.copyOf(this.values.keySet());
	}

	/** Every setting by its property name, as {@code application.yml} would have it. */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		this.values.forEach((key, value) -> properties.put(key.property(), value));
		return properties;
	}

	/** Every key that an environment variable can set, as one. */
	public Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		this.values.forEach((key, value) -> {
			if (key.hasEnvironmentVariable()) {
				environment.put(key.environmentVariable(), value);
			}
		});
		return environment;
	}

	/** The others, as {@code --name=value} arguments. */
	public List<String> arguments() {
		List<String> arguments = new ArrayList<>();
		this.values.forEach((key, value) -> {
			if (!key.hasEnvironmentVariable()) {
				arguments.add("--" + key.property() + "=" + value);
			}
		});
		return arguments;
	}

	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Settings settings && settings.values.equals(this.values);
	}

	@Override
	public int hashCode() {
		return this.values.hashCode();
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

}
