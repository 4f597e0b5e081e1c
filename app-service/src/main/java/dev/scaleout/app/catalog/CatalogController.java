package dev.scaleout.app.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class CatalogController {

	private final Catalog catalog;

	private final StockLevels stock;

	CatalogController(Catalog catalog, StockLevels stock) {
		this.catalog = catalog;
		this.stock = stock;
	}

	@GetMapping("/api/products")
	List<ProductWithStock> products() {
		List<Product> products = this.catalog.all();
		List<Long> levels = this.stock.stocks(products.stream().map(Product::sku).toList());
		List<ProductWithStock> view = new ArrayList<>();
		for (int i = 0; i < products.size(); i++) {
			view.add(ProductWithStock.of(products.get(i), levels.get(i)));
		}
		return view;
	}

	@GetMapping("/api/products/{sku}")
	ProductWithStock product(@PathVariable @Sku String sku) {
		Product product = this.catalog.get(sku);
		return ProductWithStock.of(product, this.stock.stock(sku));
	}

	/** Stock lives in the shared store: every replica shows the same number. */
	record ProductWithStock(String sku, String name, BigDecimal price, long stock) {

		static ProductWithStock of(Product product, long stock) {
			return new ProductWithStock(product.sku(), product.name(), product.price(), stock);
		}

	}

}
