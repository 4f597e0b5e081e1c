package dev.scaleout.gateway.balancing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.scaleout.gateway.problem.GatewayProblems;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sends each {@code pool://} request to one healthy instance of its pool, and fails over:
 * a request whose connection could not be made never reached the app, so it is retried on
 * another instance whatever its method; a request cut off after it was sent, or answered
 * with a 500, 502 or 504, is retried only when repeating it is harmless (an idempotent
 * method or an {@code Idempotency-Key}) and its body, if any, is small enough to have
 * been kept for the replay. Retries after an answer wait a jittered backoff and draw on
 * the pool's {@link RetryBudget}. Outcomes feed passive outlier ejection.
 */
@Component
class LoadBalancingFilter implements GlobalFilter, Ordered {

	/**
	 * Where Spring Cloud LoadBalancer's own filter would sit: after the route URL is
	 * known.
	 */
	static final int ORDER = 10150;

	static final String SCHEME = "pool";

	private static final Logger log = LoggerFactory.getLogger(LoadBalancingFilter.class);

	/**
	 * Bodies up to this size of requests that are harmless to repeat are kept in memory,
	 * so that a replica dying mid-request (a cart update, a checkout with its key) costs
	 * the client nothing. Larger bodies (uploads) stream through and are never repeated.
	 */
	static final int REPLAYABLE_BODY_LIMIT = 16 * 1024;

	private static final String REPLAYABLE = LoadBalancingFilter.class.getName() + ".replayable";

	/** Set on a hedged try cancelled because the other was answered first. */
	private static final String LOST_THE_RACE = LoadBalancingFilter.class.getName() + ".lostTheRace";

	/** When the request first waited for room under the concurrency limit. */
	private static final String QUEUED_SINCE = LoadBalancingFilter.class.getName() + ".queuedSince";

	/**
	 * Answers worth another replica. Not 503: that is the replica's honest "a shared
	 * dependency is busy or down" (every replica would say it) with a Retry-After for the
	 * client; not 501 or 505, which no other replica would answer differently.
	 */
	private static final Set<Integer> RETRIED_STATUSES = Set.of(500, 502, 504);

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE);

	private final PoolRegistry pools;

	private final CanarySelector canary;

	private final GatewayProperties properties;

	private final DecisionLog decisions;

	LoadBalancingFilter(PoolRegistry pools, CanarySelector canary, GatewayProperties properties,
			DecisionLog decisions) {
		this.pools = pools;
		this.canary = canary;
		this.properties = properties;
		this.decisions = decisions;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (url == null || !SCHEME.equals(url.getScheme())) {
			return chain.filter(exchange);
		}
		String poolName = this.canary.poolFor(exchange);
		InstancePool pool = this.pools.pool(poolName);
		if (pool == null) {
			return GatewayProblems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
					"No pool named '" + poolName + "' is configured.");
		}
		RetryBudget budget = pool.retryBudget();
		return Mono.defer(() -> {
			budget.requestStarted();
			if (declaredHarmless(exchange) && hasSmallBody(exchange)) {
				return DataBufferUtils.join(exchange.getRequest().getBody(), REPLAYABLE_BODY_LIMIT)
					.map(LoadBalancingFilter::bytesOf)
					.defaultIfEmpty(new byte[0])
					.flatMap((body) -> {
						ServerWebExchange replayable = exchange.mutate()
							.request(new ReplayableRequest(exchange.getRequest(), body))
							.build();
						replayable.getAttributes().put(REPLAYABLE, true);
						return attempt(replayable, chain, pool, url, new HashSet<>());
					});
			}
			if (this.properties.retry().hedging().enabled() && hedgeable(exchange)) {
				return hedged(exchange, chain, pool, url);
			}
			return attempt(exchange, chain, pool, url, new HashSet<>());
		}).doFinally((signal) -> budget.requestEnded());
	}

	/**
	 * Two tries of one GET: the first at once, the second on another replica once the
	 * first has gone unanswered for the hedging delay, if the retry budget allows it. The
	 * first answered (a failover retry within a try included) is the client's; the other
	 * is cancelled.
	 */
	private Mono<Void> hedged(ServerWebExchange exchange, GatewayFilterChain chain, InstancePool pool, URI url) {
		Set<Instance> tried = ConcurrentHashMap.newKeySet();
		AtomicBoolean decided = new AtomicBoolean();
		RetryBudget budget = pool.retryBudget();
		Mono<HedgedTry> first = run(new HedgedTry(exchange, false), chain, pool, url, tried, decided);
		Mono<HedgedTry> second = Mono.delay(this.properties.retry().hedging().delay()).flatMap((tick) -> {
			if (decided.get() || pool.available(tried).isEmpty() || !budget.tryStartRetry()) {
				return Mono.empty();
			}
			return run(new HedgedTry(exchange, true), chain, pool, url, tried, decided)
				.doFinally((signal) -> budget.retryEnded());
		});
		return Mono.firstWithValue(first, second).flatMap((winner) -> winner.handTo(exchange));
	}

	/** One try, which emits itself only if it is the first answered. */
	private Mono<HedgedTry> run(HedgedTry leg, GatewayFilterChain chain, InstancePool pool, URI url,
			Set<Instance> tried, AtomicBoolean decided) {
		return attempt(leg, chain, pool, url, tried).then(Mono.defer(() -> {
			if (decided.compareAndSet(false, true)) {
				return Mono.just(leg);
			}
			leg.discard();
			return Mono.<HedgedTry>empty();
		})).doOnCancel(() -> {
			if (decided.get()) {
				leg.getAttributes().put(LOST_THE_RACE, true);
			}
		});
	}

	private static boolean hedgeable(ServerWebExchange exchange) {
		HttpMethod method = exchange.getRequest().getMethod();
		HttpHeaders headers = exchange.getRequest().getHeaders();
		return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && headers.getContentLength() <= 0
				&& !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	private static byte[] bytesOf(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, InstancePool pool, URI url,
			Set<Instance> tried) {
		Instant now = Instant.now();
		List<Instance> candidates = pool.candidates(tried, now);
		if (candidates.isEmpty()) {
			String detail = tried.isEmpty() ? "No healthy instance in pool '" + pool.name() + "'; retry shortly."
					: "No instance of pool '" + pool.name() + "' could be reached; retry shortly.";
			return GatewayProblems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, detail);
		}
		List<Instance> withRoom = pool.withRoom(candidates);
		if (withRoom.isEmpty()) {
			return awaitRoom(exchange, chain, pool, url, tried, candidates, now);
		}
		Choice choice = pool.strategy().choose(withRoom, exchange);
		Instance instance = choice.instance();
		pool.strategy().chosen(instance, exchange);
		tried.add(instance);
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target(url, instance));
		Outcome outcome = new Outcome(now, pool, url, tried.size(), candidates.size(), choice, exchange);
		Instance.Attempt attempt = instance.begin();
		return chain.filter(exchange)
			.then(Mono.fromSupplier(() -> Optional.<Throwable>empty()))
			.onErrorResume((error) -> Mono.just(Optional.of(error)))
			// A client that gives up cancels the exchange: the attempt ends unanswered.
			.doOnCancel(() -> {
				if (exchange.getAttributes().containsKey(LOST_THE_RACE)) {
					// What it took so far is a lower bound of its latency.
					attempt.end(false);
					outcome.record("cancelled: the other try was answered first");
				}
				else {
					attempt.abandon();
					outcome.record("the client went away");
				}
			})
			.flatMap((error) -> error.isPresent()
					? failed(exchange, chain, pool, url, tried, instance, attempt, outcome, error.get())
					: answered(exchange, chain, pool, url, tried, instance, attempt, outcome));
	}

	/**
	 * Every candidate is at its concurrency limit: the request waits in the pool's
	 * bounded queue for one to finish a request, then looks again; a full queue or a wait
	 * past the queue timeout (counted from the first wait) gets a fast 503 with
	 * Retry-After, from the gateway, before any replica is burdened with it.
	 */
	private Mono<Void> awaitRoom(ServerWebExchange exchange, GatewayFilterChain chain, InstancePool pool, URI url,
			Set<Instance> tried, List<Instance> candidates, Instant now) {
		Instant since = (Instant) exchange.getAttributes().computeIfAbsent(QUEUED_SINCE, (key) -> now);
		Duration timeout = this.properties.concurrency().queueTimeout();
		String waitedTooLong = "waited " + timeout.toMillis() + " ms for one to finish a request";
		Duration left = timeout.minus(Duration.between(since, now));
		if (left.isNegative() || left.isZero()) {
			return tooBusy(exchange, pool, candidates, waitedTooLong);
		}
		return pool.awaitRoom(candidates, left)
			.then(Mono.defer(() -> attempt(exchange, chain, pool, url, tried)))
			.onErrorResume(RoomQueue.Full.class,
					(full) -> tooBusy(exchange, pool, candidates, full.getMessage() + " for room"))
			.onErrorResume(TimeoutException.class, (expired) -> tooBusy(exchange, pool, candidates, waitedTooLong));
	}

	private Mono<Void> tooBusy(ServerWebExchange exchange, InstancePool pool, List<Instance> candidates, String what) {
		return GatewayProblems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
				"Every instance of pool '" + pool.name() + "' is at its concurrency limit (" + Reasons.each(candidates,
						(i) -> candidates.get(i).inFlight() + " in flight of " + candidates.get(i).concurrencyLimit())
						+ ") and this request " + what + "; retry shortly.");
	}

	/** What one attempt will tell the {@link DecisionLog} once it is over. */
	private final class Outcome {

		private final Instant at;

		private final InstancePool pool;

		private final URI url;

		private final int attempt;

		private final int candidates;

		private final Choice choice;

		private final HttpMethod method;

		private final boolean hedge;

		private final long started = System.nanoTime();

		Outcome(Instant at, InstancePool pool, URI url, int attempt, int candidates, Choice choice,
				ServerWebExchange exchange) {
			this.at = at;
			this.pool = pool;
			this.url = url;
			this.attempt = attempt;
			this.candidates = candidates;
			this.choice = choice;
			this.method = exchange.getRequest().getMethod();
			this.hedge = exchange instanceof HedgedTry leg && leg.isHedge();
		}

		void record(String outcome) {
			LoadBalancingFilter.this.decisions.record(new DecisionLog.Decision(this.at, this.pool.name(),
					this.pool.strategyName(), this.method.name(), this.url.getRawPath(), this.attempt, this.candidates,
					this.choice, this.hedge ? "hedge: " + outcome : outcome, System.nanoTime() - this.started));
		}

	}

	/**
	 * Counts the answer for the instance. Every 5xx is an error in its counters, but a
	 * 503 does not count towards ejection: it is the replica's honest "a shared
	 * dependency is busy or down, retry" (lock contention, the storage), which every
	 * other replica would answer too. Ejecting on it would empty the pool and turn a hot
	 * SKU into an outage.
	 */
	private Mono<Void> answered(ServerWebExchange exchange, GatewayFilterChain chain, InstancePool pool, URI url,
			Set<Instance> tried, Instance instance, Instance.Attempt attempt, Outcome outcome) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		boolean serverError = status != null && status.is5xxServerError();
		attempt.end(serverError);
		String answer = (status != null) ? String.valueOf(status.value()) : "answered";
		if (serverError && status.value() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
			instance.trafficError(this.properties.outlier(), Instant.now());
		}
		else if (!serverError) {
			instance.trafficSucceeded();
		}
		if (!serverError || !RETRIED_STATUSES.contains(status.value()) || !mayRetry(exchange, pool, tried)) {
			outcome.record(answer);
			return Mono.empty();
		}
		RetryBudget budget = pool.retryBudget();
		if (!budget.tryStartRetry()) {
			log.debug("Not retrying {} after {} on {}: the retry budget is spent ({} in flight)", url.getRawPath(),
					status, instance, budget.retrying());
			outcome.record(answer + ", not retried: the retry budget is spent");
			return Mono.empty();
		}
		log.debug("Retrying {} after {} on {}", url.getRawPath(), status, instance);
		outcome.record(answer + ", retried on another instance");
		// Drops the failed answer (its connection too) and what it set on the response.
		ServerWebExchangeUtils.reset(exchange);
		return Mono.delay(backoff(tried.size()))
			.then(Mono.defer(() -> attempt(exchange, chain, pool, url, tried)))
			.doFinally((signal) -> budget.retryEnded());
	}

	/**
	 * Another instance may take the request: it is harmless to repeat, not yet answered,
	 * within the attempts, and some instance has not had it yet.
	 */
	private boolean mayRetry(ServerWebExchange exchange, InstancePool pool, Set<Instance> tried) {
		return harmlessToRepeat(exchange) && !exchange.getResponse().isCommitted()
				&& tried.size() < this.properties.retry().attempts() && !pool.available(tried).isEmpty();
	}

	/**
	 * Full jitter (as Envoy and the AWS SDKs do): a random wait up to a ceiling that
	 * doubles with each retry, so that the retries of many failed requests spread out
	 * instead of arriving together.
	 */
	private Duration backoff(int retry) {
		GatewayProperties.Retry settings = this.properties.retry();
		long ceiling = Math.min(settings.backoffMax().toMillis(),
				settings.backoffBase().toMillis() << Math.min(Math.max(retry - 1, 0), 20));
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

	private Mono<Void> failed(ServerWebExchange exchange, GatewayFilterChain chain, InstancePool pool, URI url,
			Set<Instance> tried, Instance instance, Instance.Attempt attempt, Outcome outcome, Throwable error) {
		attempt.end(true);
		boolean notConnected = isConnectFailure(error);
		if (notConnected) {
			instance.connectionFailed(this.properties.outlier(), Instant.now());
		}
		else {
			instance.trafficError(this.properties.outlier(), Instant.now());
		}
		boolean retry = !exchange.getResponse().isCommitted() && tried.size() < this.properties.retry().attempts()
				&& (notConnected || (isCutOff(error) && harmlessToRepeat(exchange)));
		if (retry) {
			// At once and outside the budget, unlike Envoy: the replica is gone (refused,
			// or killed mid-answer), so the retry adds no work to a live one, and a kill
			// under load costs no request.
			log.debug("Retrying {} after {} on {}", url.getRawPath(), error.toString(), instance);
			outcome.record(failure(notConnected, error) + ", retried on another instance at once");
			ServerWebExchangeUtils.reset(exchange);
			return attempt(exchange, chain, pool, url, tried);
		}
		outcome.record(failure(notConnected, error));
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(error);
		}
		if (notConnected) {
			// A connect timeout too: nothing was sent, and nothing else could be tried.
			return GatewayProblems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
					"No connection could be made to instance " + instance.id() + ", and no other was left to try.");
		}
		if (isTimeout(error)) {
			return GatewayProblems.write(exchange.getResponse(), HttpStatus.GATEWAY_TIMEOUT,
					"Instance " + instance.id() + " did not answer in time.");
		}
		return GatewayProblems.write(exchange.getResponse(), HttpStatus.BAD_GATEWAY,
				"Instance " + instance.id() + " failed while answering; "
						+ "the request was not repeated because repeating it might not be harmless.");
	}

	private static String failure(boolean notConnected, Throwable error) {
		if (notConnected) {
			return "could not connect";
		}
		return isTimeout(error) ? "timed out" : "cut off while answering";
	}

	/** The instance's origin with the request's own (still encoded) path and query. */
	private static URI target(URI url, Instance instance) {
		String query = url.getRawQuery();
		return URI.create(instance.url() + url.getRawPath() + ((query != null) ? "?" + query : ""));
	}

	static boolean isConnectFailure(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (t instanceof ConnectException || t instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static boolean isCutOff(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (t instanceof PrematureCloseException || t instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Spring Cloud Gateway's response timeout ({@code java.util.concurrent}'s, wrapped in
	 * a 504 status exception) or Netty's read and write timeouts.
	 */
	private static boolean isTimeout(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A repeat is harmless when the method says so (or an idempotency key does) and there
	 * is no body, or the body was kept for the replay.
	 */
	private static boolean harmlessToRepeat(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		boolean bodyless = headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		return declaredHarmless(exchange) && (bodyless || exchange.getAttributes().containsKey(REPLAYABLE));
	}

	private static boolean declaredHarmless(ServerWebExchange exchange) {
		return IDEMPOTENT.contains(exchange.getRequest().getMethod())
				|| exchange.getRequest().getHeaders().containsHeader("Idempotency-Key");
	}

	private static boolean hasSmallBody(ServerWebExchange exchange) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		return length > 0 && length <= REPLAYABLE_BODY_LIMIT;
	}

}
