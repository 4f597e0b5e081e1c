package dev.scaleout.app.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stamps every response, errors included, with the replica that produced it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class InstanceHeadersFilter extends OncePerRequestFilter {

	static final String INSTANCE = "X-Instance";

	static final String VERSION = "X-App-Version";

	private final InstanceProperties instance;

	InstanceHeadersFilter(InstanceProperties instance) {
		this.instance = instance;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(INSTANCE, this.instance.instanceId());
		response.setHeader(VERSION, this.instance.version());
		chain.doFilter(request, response);
	}

}
