package dev.scaleout.app.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import dev.scaleout.app.catalog.Catalog;
import dev.scaleout.app.catalog.Sku;

import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stock levels, for administrators.
 */
@RestController
@Validated
class StockController {

	private final Catalog catalog;

	private final StockStore stock;

	StockController(Catalog catalog, StockStore stock) {
		this.catalog = catalog;
		this.stock = stock;
	}

	@PutMapping(path = "/api/admin/products/{sku}/stock", consumes = MediaType.APPLICATION_JSON_VALUE)
	StockLevel setStock(@PathVariable @Sku String sku, @Valid @RequestBody StockLevel body) {
		this.catalog.get(sku);
		this.stock.setStock(sku, body.stock());
		return body;
	}

	record StockLevel(@NotNull @Min(0) @Max(1_000_000_000) Long stock) {
	}

}
