package dev.scaleout.app.system;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes RFC 9457 problem details where no controller advice can: in servlet filters and
 * Spring Security's entry points.
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder()
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private Problems() {
	}

	public static ProblemDetail of(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("about:blank"));
		return problem;
	}

	/** A detail for errors that carry no message of their own. */
	static String defaultDetail(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "The request is malformed: check its path, headers and body.";
			case NOT_FOUND -> "No resource at this path. The API lives under /api.";
			case METHOD_NOT_ALLOWED -> "This method is not allowed on this path.";
			case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large.";
			case CONTENT_TOO_LARGE -> "The request body is too large.";
			default -> status.getReasonPhrase() + ".";
		};
	}

	public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.setHeader("Retry-After", String.valueOf(StoreUnavailableException.SHORTLY.toSeconds()));
		}
		ProblemDetail problem = of(status, detail);
		JSON.writeValue(response.getOutputStream(), problem);
	}

}
