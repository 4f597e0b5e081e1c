package dev.scaleout.loadtests.experiments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load: requests arrive at a rate the phases set (a Poisson process, as
 * independent visitors arrive), whether or not the earlier ones have been answered. A
 * closed loop of clients slows down with the system it measures and hides the queue; this
 * one does not: each request's time is counted from the moment it was due, so a generator
 * that falls behind shows as latency too, not as fewer requests.
 */
final class OpenLoad {

	/**
	 * A stretch of the load whose rate goes from {@code fromRate} to {@code toRate}
	 * requests a second, linearly.
	 */
	record Phase(String name, Duration length, double fromRate, double toRate) {

		double rateAt(long millisIntoPhase) {
			double progress = Math.min(1, (double) millisIntoPhase / this.length.toMillis());
			return this.fromRate + (this.toRate - this.fromRate) * progress;
		}

	}

	/**
	 * One request.
	 *
	 * @param dueMillis when it was due, from the start of the load
	 * @param millis from then until its answer, or until it failed
	 * @param status the HTTP status, or -1 without an answer (timeout, reset)
	 */
	record Request(long dueMillis, long millis, int status) {

		boolean failed() {
			return this.status < 200 || this.status >= 300;
		}

	}

	/** What the load sent and got, in the order the requests were due. */
	record Recording(List<Phase> phases, List<Request> requests) {

		/** When the phase of this name starts, from the start of the load. */
		long phaseStart(String name) {
			long start = 0;
			for (Phase phase : this.phases) {
				if (phase.name().equals(name)) {
					return start;
				}
				start += phase.length().toMillis();
			}
			throw new IllegalArgumentException("no phase " + name);
		}

		long phaseEnd(String name) {
			return phaseStart(name) + this.phases.stream()
				.filter((phase) -> phase.name().equals(name))
				.findFirst()
				.orElseThrow()
				.length()
				.toMillis();
		}

		List<Request> between(long fromMillis, long toMillis) {
			return this.requests.stream()
				.filter((request) -> request.dueMillis() >= fromMillis && request.dueMillis() < toMillis)
				.toList();
		}

	}

	private final URI target;

	private final Duration timeout;

	private final HttpClient http;

	OpenLoad(URI target, Duration timeout) {
		this.target = target;
		this.timeout = timeout;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
	}

	/**
	 * Sends the phases' load from now on, returns when the last request is answered or
	 * timed out.
	 * @param startNanos the {@link System#nanoTime()} the load's clock starts at
	 * @param seed of the arrivals, so that two runs get the same sequence
	 */
	Recording run(List<Phase> phases, long startNanos, long seed) {
		Random random = new Random(seed);
		Queue<Request> done = new ConcurrentLinkedQueue<>();
		List<CompletableFuture<?>> inFlight = new ArrayList<>();
		long phaseStart = 0;
		for (Phase phase : phases) {
			long phaseEnd = phaseStart + phase.length().toMillis();
			double dueMillis = phaseStart;
			while (true) {
				double rate = phase.rateAt((long) dueMillis - phaseStart);
				dueMillis += (rate > 0) ? -Math.log(1 - random.nextDouble()) * 1000 / rate : phaseEnd - dueMillis;
				if (dueMillis >= phaseEnd) {
					break;
				}
				long due = (long) dueMillis;
				long dueNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(due);
				long wait = dueNanos - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				inFlight.add(send(due, dueNanos, done));
				inFlight.removeIf(CompletableFuture::isDone);
			}
			phaseStart = phaseEnd;
		}
		CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
		List<Request> requests = new ArrayList<>(done);
		requests.sort(Comparator.comparingLong(Request::dueMillis));
		return new Recording(List.copyOf(phases), requests);
	}

	private CompletableFuture<?> send(long due, long dueNanos, Queue<Request> done) {
		HttpRequest request = HttpRequest.newBuilder(this.target).timeout(this.timeout).GET().build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dueNanos);
			done.add(new Request(due, millis, (failure == null) ? response.statusCode() : -1));
			return null;
		});
	}

}
