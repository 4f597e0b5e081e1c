package dev.scaleout.app.chaos;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Delays every {@code /api} request by {@code app.chaos.latency}: a replica on a slow
 * disk or a noisy neighbour, for the {@code lb} experiment. Delayed responses say so in
 * {@code X-Injected-Latency}, so nobody mistakes the delay for a real one.
 */
@Component
class InjectedLatencyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Injected-Latency";

	private static final Logger logger = LoggerFactory.getLogger(InjectedLatencyFilter.class);

	private final long latencyMillis;

	InjectedLatencyFilter(ChaosProperties chaos) {
		this.latencyMillis = chaos.latency().toMillis();
		if (this.latencyMillis > 0) {
			logger.warn("app.chaos.latency is set: every /api request of this replica is delayed by {} ms",
					this.latencyMillis);
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return this.latencyMillis == 0 || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			Thread.sleep(this.latencyMillis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		response.setHeader(HEADER, this.latencyMillis + "ms");
		chain.doFilter(request, response);
	}

}
