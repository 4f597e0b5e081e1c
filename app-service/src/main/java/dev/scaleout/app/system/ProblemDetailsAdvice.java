package dev.scaleout.app.system;

import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 problem details. Client mistakes get a
 * 4xx whose detail says what to fix; unreachable stores get 503; anything else is a bug,
 * logged with its stack trace and answered without one.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ConstraintViolationException.class)
	ProblemDetail constraintViolation(ConstraintViolationException ex) {
		String detail = ex.getConstraintViolations()
			.stream()
			.map((violation) -> leaf(violation.getPropertyPath().toString()) + " " + violation.getMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return Problems.of(HttpStatus.BAD_REQUEST, detail);
	}

	/**
	 * A multipart body that cannot be parsed: cut off, without its closing boundary, or
	 * otherwise malformed. (Too large is {@code MaxUploadSizeExceededException}: 413.)
	 */
	@ExceptionHandler(MultipartException.class)
	ProblemDetail malformedMultipart(MultipartException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST,
				"The multipart body is malformed or incomplete; send the file as the part named 'file'.");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) throws Exception {
		if (StoreUnavailable.isCause(ex)) {
			log.warn("Store unavailable: {}", ex.toString());
			long retryAfter = (ex instanceof StoreUnavailableException unavailable)
					? Math.max(1, unavailable.retryAfter().toSeconds()) : StoreUnavailableException.SHORTLY.toSeconds();
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
				.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, detailFor(ex)));
		}
		log.error("Unexpected failure", ex);
		return ResponseEntity.internalServerError()
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected server error."));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + " " + error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		if (detail.isEmpty()) {
			detail = "The request body is invalid.";
		}
		return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, detail));
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(Problems.of(HttpStatus.CONTENT_TOO_LARGE,
					"The upload is larger than the limit of " + ex.getMaxUploadSize() + " bytes."));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// An unparsable header leaves the exception without a content type.
		String sent = (ex.getContentType() != null) ? ex.getContentType().toString()
				: request.getHeader(HttpHeaders.CONTENT_TYPE);
		String detail = "Send the body as " + MediaType.toString(ex.getSupportedMediaTypes()) + " (Content-Type header)"
				+ ((sent != null) ? ", not " + sent + "." : "; none was given.");
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.headers(headers)
			.body(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST,
					"The request body is missing or is not valid JSON of the expected shape and types."));
	}

	private static String detailFor(Exception ex) {
		return (ex instanceof StoreUnavailableException) ? ex.getMessage()
				: "A backing store is unavailable; retry shortly.";
	}

	private static String leaf(String path) {
		int dot = path.lastIndexOf('.');
		return (dot >= 0) ? path.substring(dot + 1) : path;
	}

}
