package dev.scaleout.app.catalog;

import java.util.List;

import jakarta.validation.constraints.Pattern;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class CatalogController {

	private final Catalog catalog;

	CatalogController(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/api/products")
	List<Product> products() {
		return this.catalog.all();
	}

	@GetMapping("/api/products/{sku}")
	Product product(@PathVariable @Pattern(regexp = Catalog.SKU_PATTERN,
			message = "must be upper-case letters, digits and dashes (at most 32)") String sku) {
		return this.catalog.get(sku);
	}

}
