package dev.scaleout.app.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Looks products up by SKU. The catalog is configuration, identical on every replica.
 */
@Component
public class Catalog {

	/** What a SKU looks like; anything else is rejected before any lookup. */
	public static final String SKU_PATTERN = "[A-Z0-9][A-Z0-9-]{0,31}";

	private final Map<String, Product> products = new LinkedHashMap<>();

	Catalog(CatalogProperties properties) {
		properties.products()
			.forEach((item) -> this.products.put(item.sku(), new Product(item.sku(), item.name(), item.price())));
	}

	public List<Product> all() {
		return List.copyOf(this.products.values());
	}

	public Optional<Product> find(String sku) {
		return Optional.ofNullable(this.products.get(sku));
	}

	/**
	 * The product with this SKU.
	 * @throws UnknownProductException when there is none
	 */
	public Product get(String sku) {
		return find(sku).orElseThrow(() -> new UnknownProductException(sku));
	}

}
