package dev.scaleout.app;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.scaleout.app.cart.CartProperties;
import dev.scaleout.app.files.StorageProperties;
import dev.scaleout.app.inventory.InventoryProperties;
import dev.scaleout.app.session.SessionProperties;
import dev.scaleout.topology.settings.AppKeys;
import dev.scaleout.topology.settings.CartStore;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.Key;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionSaveMode;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.StorageType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.session.SaveMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The choices the topology model (./scaleout, the tests, the experiments) can set are
 * exactly this service's, written as it binds them: each binds to the constant of the
 * same name, and each constant of the service can be set.
 */
class TopologyChoicesTests {

	static Stream<Arguments> choices() {
		return Stream.of(
				choice(AppKeys.SESSION_STORE, SessionStore.values(), SessionProperties.Store.values(), "app.session",
						SessionProperties.class, (bound) -> ((SessionProperties) bound).store()),
				choice(AppKeys.SESSION_CLUSTER_REPLICATION, Replication.values(),
						SessionProperties.Cluster.Replication.values(), "app.session", SessionProperties.class,
						(bound) -> ((SessionProperties) bound).cluster().replication()),
				choice(AppKeys.SESSION_REDIS_SAVE_MODE, SessionSaveMode.values(), SaveMode.values(), "app.session",
						SessionProperties.class, (bound) -> ((SessionProperties) bound).redis().saveMode()),
				choice(AppKeys.CART_STORE, CartStore.values(), CartProperties.Store.values(), "app.cart",
						CartProperties.class, (bound) -> ((CartProperties) bound).store()),
				choice(AppKeys.INVENTORY_GUARD, Guard.values(), InventoryProperties.Guard.values(), "app.inventory",
						InventoryProperties.class, (bound) -> ((InventoryProperties) bound).guard()),
				choice(AppKeys.STORAGE_TYPE, StorageType.values(), StorageProperties.Type.values(), "app.storage",
						StorageProperties.class, (bound) -> ((StorageProperties) bound).type()));
	}

	static <E extends Enum<E>> Arguments choice(Key<E> key, E[] model, Enum<?>[] service, String prefix,
			Class<?> properties, Function<Object, Enum<?>> read) {
		return Arguments.of(key, List.of(model), List.of(service), prefix, properties, read);
	}

	@ParameterizedTest
	@MethodSource("choices")
	<E extends Enum<E>> void theModelsChoicesAreTheServicesOwn(Key<E> key, List<E> model, List<Enum<?>> service,
			String prefix, Class<?> properties, Function<Object, Enum<?>> read) {
		for (E value : model) {
			Object bound = new Binder(new MapConfigurationPropertySource(Map.of(key.property(), key.format(value))))
				.bind(prefix, properties)
				.get();
			assertThat(read.apply(bound).name()).as(key + "=" + key.format(value)).isEqualTo(value.name());
		}
		assertThat(service.stream().map(Enum::name))
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(model.toArray(Enum<?>[]::new)).map(Enum::name).toList());
	}

}
