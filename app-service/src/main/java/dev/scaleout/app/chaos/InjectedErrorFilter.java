package dev.scaleout.app.chaos;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

import dev.scaleout.app.system.Problems;

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
 * Answers {@code app.chaos.errors} percent of {@code /api} requests, drawn at random,
 * with a 500 before they reach the application, while the health probes keep passing: the
 * gray failure that active health checks cannot see and only the outcomes of real traffic
 * reveal (for the gateway's outlier detection and retries, and the {@code lb}
 * experiment). The answer says so in {@code X-Injected-Error}, so nobody mistakes it for
 * a real fault; to the gateway it is any other 500.
 * <p>
 * Before the latency and capacity filter: a broken code path usually fails fast.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class InjectedErrorFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Injected-Error";

	private static final Logger logger = LoggerFactory.getLogger(InjectedErrorFilter.class);

	private final int percent;

	InjectedErrorFilter(ChaosProperties chaos) {
		this.percent = chaos.errors();
		if (this.percent > 0) {
			logger.warn("app.chaos.errors is set: {}% of this replica's /api requests, at random, get a 500 "
					+ "while its health checks pass", this.percent);
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return this.percent == 0 || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (ThreadLocalRandom.current().nextInt(100) < this.percent) {
			response.setHeader(HEADER, this.percent + "%");
			Problems.write(response, HttpStatus.INTERNAL_SERVER_ERROR, "An injected failure (app.chaos.errors: "
					+ this.percent + "% of this replica's /api requests); nothing was done.");
			return;
		}
		chain.doFilter(request, response);
	}

}
