package dev.scaleout.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Anonymous visitors reading the catalog as fast as it answers. */
public final class Browsing implements AutoCloseable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final List<String> firstFailure = new ArrayList<>();

	/** Each answered request's time, in microseconds. */
	private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

	private final List<Thread> threads = new ArrayList<>();

	/** Answers by the replica that gave them (its {@code X-Instance} header). */
	private final Map<String, AtomicLong> answeredBy = new ConcurrentHashMap<>();

	public static Browsing start(String baseUrl, int visitors) {
		Browsing browsing = new Browsing();
		for (int i = 0; i < visitors; i++) {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			Thread thread = new Thread(() -> browsing.loop(http, URI.create(baseUrl + "/api/products")),
					"browsing-" + i);
			browsing.threads.add(thread);
			thread.start();
		}
		return browsing;
	}

	private void loop(HttpClient http, URI products) {
		while (this.running.get()) {
			long started = System.nanoTime();
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(products).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString());
				this.latencies.add((System.nanoTime() - started) / 1000);
				this.requests.incrementAndGet();
				response.headers()
					.firstValue("X-Instance")
					.ifPresent((replica) -> this.answeredBy.computeIfAbsent(replica, (key) -> new AtomicLong())
						.incrementAndGet());
				if (response.statusCode() != 200) {
					failed(response.statusCode() + " " + response.body());
				}
			}
			catch (IOException ex) {
				this.requests.incrementAndGet();
				failed(ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private synchronized void failed(String what) {
		this.failures.incrementAndGet();
		if (this.firstFailure.isEmpty()) {
			this.firstFailure.add(what);
		}
	}

	public long requests() {
		return this.requests.get();
	}

	/** Requests this replica answered (the last try of each, the one the client got). */
	public long answeredBy(String replica) {
		AtomicLong answered = this.answeredBy.get(replica);
		return (answered != null) ? answered.get() : 0;
	}

	public long failures() {
		return this.failures.get();
	}

	/** Latencies are counted from now on only (after a warm-up). */
	public void forgetLatencies() {
		this.latencies.clear();
	}

	/** The answered requests' latency at this percentile (nearest rank), in ms. */
	public long percentileMillis(int percentile) {
		List<Long> sorted;
		synchronized (this.latencies) {
			sorted = this.latencies.stream().sorted().toList();
		}
		if (sorted.isEmpty()) {
			return 0;
		}
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
		return sorted.get(Math.max(rank, 1) - 1) / 1000;
	}

	public synchronized String firstFailure() {
		return this.firstFailure.isEmpty() ? "none" : this.firstFailure.get(0);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

}
