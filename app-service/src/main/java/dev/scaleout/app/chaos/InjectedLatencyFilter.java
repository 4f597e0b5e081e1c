package dev.scaleout.app.chaos;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.scaleout.app.system.Problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Delays every {@code /api} request by {@code app.chaos.latency} (a replica on a slow
 * disk or a noisy neighbour, for the {@code lb} experiment) and lets at most
 * {@code app.chaos.capacity} of them in at once (a replica with a finite throughput, for
 * the {@code autoscale} experiment). Responses say so in {@code X-Injected-Latency} and
 * {@code X-Injected-Wait}, so nobody mistakes either for a real delay.
 * <p>
 * The wait is bounded: at most {@value #QUEUE_PER_PLACE} requests per place wait, the
 * next ones get a 503 at once. An unbounded wait would hold every thread of the server
 * (Tomcat's 200) once load exceeds the capacity long enough, and then the health probes,
 * which need a thread too, time out: the balancer takes out a replica that is merely
 * full, the others get its share, and the overload cascades. A replica that says "full,
 * retry" quickly keeps answering its probes.
 */
@Component
class InjectedLatencyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Injected-Latency";

	/** Milliseconds the request waited for a place within the capacity. */
	static final String WAIT_HEADER = "X-Injected-Wait";

	static final int QUEUE_PER_PLACE = 4;

	private static final Logger logger = LoggerFactory.getLogger(InjectedLatencyFilter.class);

	private final long latencyMillis;

	/** Fair: requests get their turn in the order they came, as in a queue. */
	private final Optional<Semaphore> capacity;

	private final int maxWaiting;

	private final AtomicInteger waiting = new AtomicInteger();

	InjectedLatencyFilter(ChaosProperties chaos) {
		this.latencyMillis = chaos.latency().toMillis();
		this.capacity = (chaos.capacity() > 0) ? Optional.of(new Semaphore(chaos.capacity(), true)) : Optional.empty();
		this.maxWaiting = QUEUE_PER_PLACE * chaos.capacity();
		if (this.latencyMillis > 0) {
			logger.warn("app.chaos.latency is set: every /api request of this replica is delayed by {} ms",
					this.latencyMillis);
		}
		if (this.capacity.isPresent()) {
			logger.warn("app.chaos.capacity is set: this replica works on at most {} /api requests at once, "
					+ "{} more wait, the rest get 503", chaos.capacity(), this.maxWaiting);
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return (this.latencyMillis == 0 && this.capacity.isEmpty()) || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.capacity.isEmpty()) {
			work(response, chain, request);
			return;
		}
		long waitStarted = System.nanoTime();
		// With a timeout, unlike without one, tryAcquire keeps the arrival order.
		if (!tryAcquireNow()) {
			if (this.waiting.incrementAndGet() > this.maxWaiting) {
				this.waiting.decrementAndGet();
				Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE,
						"This replica is at its capacity (app.chaos.capacity: " + (this.maxWaiting / QUEUE_PER_PLACE)
								+ " at once, " + this.maxWaiting + " waiting); retry shortly.");
				return;
			}
			try {
				this.capacity.get().acquire();
			}
			catch (InterruptedException ex) {
				// The server is stopping: answer as a replica that cannot take the
				// request.
				Thread.currentThread().interrupt();
				Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "This replica is stopping; retry shortly.");
				return;
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}
		try {
			response.setHeader(WAIT_HEADER, String.valueOf((System.nanoTime() - waitStarted) / 1_000_000));
			work(response, chain, request);
		}
		finally {
			this.capacity.get().release();
		}
	}

	private boolean tryAcquireNow() {
		try {
			return this.capacity.get().tryAcquire(0, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void work(HttpServletResponse response, FilterChain chain, HttpServletRequest request)
			throws IOException, ServletException {
		if (this.latencyMillis > 0) {
			try {
				Thread.sleep(this.latencyMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			response.setHeader(HEADER, this.latencyMillis + "ms");
		}
		chain.doFilter(request, response);
	}

}
