package dev.scaleout.app.inventory;

import dev.scaleout.app.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guard named by {@code app.inventory.guard}, and the initial stock.
 */
@Configuration(proxyBeanMethods = false)
class InventoryConfig {

	private static final Logger log = LoggerFactory.getLogger(InventoryConfig.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "app.inventory.guard", havingValue = "redlock", matchIfMissing = true)
	LockNodes lockNodes(InventoryProperties properties) {
		// One node is allowed as the single-node baseline of benchmarks/checkout.sh;
		// Redlock proper needs three or more.
		if (properties.lockNodes().size() != 1 && properties.lockNodes().size() < 3) {
			throw new IllegalStateException("app.inventory.guard=redlock needs three independent lock nodes in "
					+ "app.inventory.lock-nodes (APP_INVENTORY_LOCKNODES), e.g. "
					+ "redis://127.0.0.1:6380,redis://127.0.0.1:6381,redis://127.0.0.1:6382; found "
					+ properties.lockNodes());
		}
		return new LockNodes(properties.lockNodes());
	}

	@Bean
	@ConditionalOnProperty(name = "app.inventory.guard", havingValue = "redlock", matchIfMissing = true)
	Reservation redlockReservation(LockNodes nodes, StockStore stock, InventoryProperties properties) {
		return new RedlockReservation(nodes, stock, properties.lockWait(), properties.lockLease(),
				properties.criticalSectionDelay());
	}

	@Bean
	@ConditionalOnProperty(name = "app.inventory.guard", havingValue = "atomic")
	Reservation atomicReservation(StockStore stock) {
		return new AtomicReservation(stock);
	}

	@Bean
	@ConditionalOnProperty(name = "app.inventory.guard", havingValue = "none")
	Reservation naiveReservation(StockStore stock, InventoryProperties properties) {
		return new NaiveReservation(stock, properties.criticalSectionDelay());
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
