package dev.scaleout.app.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No product has this SKU: 404.
 */
public class UnknownProductException extends ErrorResponseException {

	public UnknownProductException(String sku) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No product with SKU '" + sku + "'. GET /api/products lists them."), null);
	}

}
