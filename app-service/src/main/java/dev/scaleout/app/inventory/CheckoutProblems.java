package dev.scaleout.app.inventory;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The ways a checkout is refused, as problem details.
 */
final class CheckoutProblems {

	private CheckoutProblems() {
	}

	static ErrorResponseException of(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	static ErrorResponseException outOfStock(List<String> skus) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Not enough stock for " + String.join(", ", skus) + "; nothing was ordered.");
		problem.setProperty("shortSkus", skus);
		return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
	}

}
