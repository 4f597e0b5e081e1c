package dev.scaleout.app.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.scaleout.app.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guard named by {@code app.inventory.guard}, and the initial stock.
 */
@Configuration(proxyBeanMethods = false)
class InventoryConfig {

	private static final Logger log = LoggerFactory.getLogger(InventoryConfig.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnExpression("'${app.inventory.guard:redlock}'.toLowerCase() matches 'redlock|rlock|fenced'")
	LockNodes lockNodes(InventoryProperties properties) {
		List<String> nodes = properties.lockNodes();
		if (properties.guard() != InventoryProperties.Guard.REDLOCK) {
			if (nodes.isEmpty()) {
				throw new IllegalStateException("app.inventory.guard=" + text(properties.guard())
						+ " needs the Redis to lock on in app.inventory.lock-nodes (APP_INVENTORY_LOCKNODES), "
						+ "e.g. redis://127.0.0.1:6380");
			}
			if (nodes.size() > 1) {
				log.info("app.inventory.guard={} locks on {} alone (the first of app.inventory.lock-nodes)",
						text(properties.guard()), nodes.get(0));
			}
			return new LockNodes(nodes.subList(0, 1));
		}
		// One node is allowed as the single-node baseline of benchmarks/checkout.sh;
		// Redlock proper needs three or more.
		if (nodes.size() != 1 && nodes.size() < 3) {
			throw new IllegalStateException("app.inventory.guard=redlock needs three independent lock nodes in "
					+ "app.inventory.lock-nodes (APP_INVENTORY_LOCKNODES), e.g. "
					+ "redis://127.0.0.1:6380,redis://127.0.0.1:6381,redis://127.0.0.1:6382; found " + nodes);
		}
		return new LockNodes(nodes);
	}

	@Bean
	Reservation reservation(InventoryProperties properties, StockStore stock, ObjectProvider<LockNodes> lockNodes) {
		Duration wait = properties.lockWait();
		Duration lease = properties.lockLease();
		Duration work = properties.criticalSectionDelay();
		return switch (properties.guard()) {
			case REDLOCK -> new RedlockReservation(lockNodes.getObject(), stock, wait, lease, work);
			case RLOCK -> new RLockReservation(lockNodes.getObject(), stock, wait, lease, work);
			case FENCED -> new FencedReservation(lockNodes.getObject(), stock, wait, lease, work);
			case ATOMIC -> new AtomicReservation(stock);
			case NONE -> new NaiveReservation(stock, work);
		};
	}

	private static String text(InventoryProperties.Guard guard) {
		return guard.name().toLowerCase(Locale.ROOT);
	}

	/** Seeds stock with SETNX: a replica starting later never resets what others sold. */
	@Bean
	ApplicationRunner seedStock(Catalog catalog, StockStore stock, InventoryProperties properties) {
		return (args) -> {
			try {
				catalog.all().forEach((product) -> stock.seed(product.sku(), properties.initialStock()));
			}
			catch (RuntimeException ex) {
				log.warn("Could not seed stock (the store is unavailable); products without stock show 0: {}",
						ex.toString());
			}
		};
	}

}
