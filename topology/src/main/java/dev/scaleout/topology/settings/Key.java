package dev.scaleout.topology.settings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A configuration property of one of our services, by its own name
 * ({@code app.session.store}), with the type of its values and how a value is written.
 * The environment variable that sets it is derived, never written out: Spring Boot's rule
 * for binding environment variables is the one place that name comes from, and
 * deployment-tests check every key against the properties the service's jar really reads.
 *
 * @param <T> the type of the property's values
 */
public final class Key<T> {

	private final String property;

	private final Function<? super T, String> formatter;

	private Key(String property, Function<? super T, String> formatter) {
		this.property = Objects.requireNonNull(property);
		this.formatter = formatter;
	}

	public static Key<String> text(String property) {
		return new Key<>(property, Function.identity());
	}

	public static Key<Integer> number(String property) {
		return new Key<>(property, String::valueOf);
	}

	public static Key<Boolean> flag(String property) {
		return new Key<>(property, String::valueOf);
	}

	/**
	 * Written in milliseconds ({@code 1500ms}), which Spring Boot's Duration binding
	 * reads.
	 */
	public static Key<Duration> duration(String property) {
		return new Key<>(property, (duration) -> duration.toMillis() + "ms");
	}

	/** A size in bytes, written as Spring Boot's DataSize reads it ({@code 262144B}). */
	public static Key<Long> bytes(String property) {
		return new Key<>(property, (bytes) -> bytes + "B");
	}

	/** A list, written comma-separated as Spring Boot binds one from a single value. */
	public static Key<List<String>> list(String property) {
		return new Key<>(property, (values) -> String.join(",", values));
	}

	/**
	 * One of an enum's constants, written as the service names it ({@code round-robin}).
	 */
	public static <E extends Enum<E>> Key<E> choice(String property, Class<E> type) {
		return new Key<>(property, Choices::text);
	}

	/** The property's name, as in {@code application.yml}. */
	public String property() {
		return this.property;
	}

	/**
	 * Whether an environment variable can set this property: not a map entry whose key
	 * holds characters a variable name cannot ({@code weights[http://127.0.0.1:8081]}).
	 */
	public boolean hasEnvironmentVariable() {
		return this.property.matches("[a-z0-9.-]+");
	}

	/**
	 * The environment variable that sets this property, by Spring Boot's documented rule:
	 * dots become underscores, dashes are removed, all in upper case
	 * ({@code app.inventory.lock-nodes} → {@code APP_INVENTORY_LOCKNODES}).
	 */
	public String environmentVariable() {
		if (!hasEnvironmentVariable()) {
			throw new IllegalStateException(this.property + " cannot be set by an environment variable");
		}
		return this.property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	/** A command-line argument that sets this property ({@code --name=value}). */
	public String argument(T value) {
		return "--" + this.property + "=" + format(value);
	}

	public String format(T value) {
		return this.formatter.apply(Objects.requireNonNull(value, this.property));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Key<?> key && key.property.equals(this.property);
	}

	@Override
	public int hashCode() {
		return this.property.hashCode();
	}

	@Override
	public String toString() {
		return this.property;
	}

}
