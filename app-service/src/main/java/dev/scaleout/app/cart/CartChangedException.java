package dev.scaleout.app.cart;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A change sent with {@code If-Match} for a version the cart no longer has: nothing was
 * changed (412).
 */
class CartChangedException extends ErrorResponseException {

	CartChangedException(IfMatch expected) {
		super(HttpStatus.PRECONDITION_FAILED, problem(expected), null);
	}

	private static ProblemDetail problem(IfMatch expected) {
		String detail = (expected.versions().isEmpty())
				? "If-Match named no version this cart can have (a weak tag never matches); nothing was changed. "
				: "The cart changed since the version you sent in If-Match (another tab or device changed it); "
						+ "nothing was changed. ";
		return ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, detail
				+ "GET /api/cart for the current cart and its ETag, then send the change again with that ETag in "
				+ "If-Match.");
	}

}
