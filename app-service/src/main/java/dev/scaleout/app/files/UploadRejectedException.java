package dev.scaleout.app.files;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An upload that is refused: too large (413), of a type we do not take (415), or empty
 * (400). Nothing of it is stored.
 */
class UploadRejectedException extends ErrorResponseException {

	UploadRejectedException(HttpStatus status, String detail) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

}
