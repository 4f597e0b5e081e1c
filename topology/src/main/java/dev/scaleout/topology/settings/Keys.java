package dev.scaleout.topology.settings;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a class declares as constants, so that a new key needs no list to be added to.
 */
final class Keys {

	private Keys() {
	}

	static List<Key<?>> declaredIn(Class<?>... holders) {
		List<Key<?>> keys = new ArrayList<>();
		for (Class<?> holder : holders) {
			for (Field field : holder.getDeclaredFields()) {
				int modifiers = field.getModifiers();
				if (Modifier.isStatic(modifiers) && Modifier.isPublic(modifiers) && field.getType() == Key.class) {
					try {
						keys.add((Key<?>) field.get(null));
					}
					catch (IllegalAccessException ex) {
						throw new IllegalStateException(ex);
					}
				}
			}
		}
		return keys;
	}

}
