package dev.scaleout.app.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request {@code Content-Type} with a wildcard ({@code *}/{@code *},
 * {@code application/*}) names no format: 415. Spring MVC would otherwise fail reading
 * the body with an IllegalArgumentException, a 500 (found by {@code FuzzEndToEndTests}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class ConcreteContentTypeFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && isWildcard(contentType)) {
			Problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + contentType
					+ " is a wildcard; send the body as application/json " + "(uploads: multipart/form-data).");
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isWildcard(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			// Unparsable: Spring MVC answers that with its own 415.
			return false;
		}
	}

}
