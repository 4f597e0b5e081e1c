package dev.scaleout.app.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 when a store fails outside a controller, for example while Spring Session
 * saves the session after the handler has run. It sits outside every other filter
 * (including Spring Session's) so nothing store-related can escape as a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class StoreUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(StoreUnavailableFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (!StoreUnavailable.isCause(ex)) {
				throw ex;
			}
			log.warn("Store unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
			log.debug("Store failure", ex);
			Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "A backing store is unavailable; retry shortly.");
		}
	}

}
