package dev.scaleout.topology.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enum constants as our services and the launcher's options spell them:
 * {@code ROUND_ROBIN} is {@code round-robin}, as Spring Boot binds it back.
 */
public final class Choices {

	private Choices() {
	}

	public static String text(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * @throws IllegalArgumentException naming every accepted value
	 */
	public static <E extends Enum<E>> E parse(Class<E> type, String text) {
		for (E value : type.getEnumConstants()) {
			if (text(value).equals(text)) {
				return value;
			}
		}
		throw new IllegalArgumentException("'" + text + "' is not one of " + describe(type));
	}

	/** {@code redis, jwt, memory or cluster}. */
	public static String describe(Class<? extends Enum<?>> type) {
		String[] names = Arrays.stream(type.getEnumConstants()).map(Choices::text).toArray(String[]::new);
		if (names.length == 1) {
			return names[0];
		}
		return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or "
				+ names[names.length - 1];
	}

}
