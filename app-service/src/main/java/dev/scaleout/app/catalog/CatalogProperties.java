package dev.scaleout.app.catalog;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The products on sale, from configuration.
 *
 * @param products the catalog
 */
@ConfigurationProperties("app.catalog")
@Validated
public record CatalogProperties(@Valid @DefaultValue List<Item> products) {

	/**
	 * @param sku upper-case letters, digits and dashes
	 * @param name display name
	 * @param price unit price
	 */
	public record Item(@NotNull @Sku String sku, @NotBlank String name, @NotNull @PositiveOrZero BigDecimal price) {
	}

}
