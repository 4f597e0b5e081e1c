package dev.scaleout.app.session;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.apache.catalina.ha.session.DeltaSession;
import org.apache.catalina.tribes.group.interceptors.ThroughputInterceptor;

/**
 * What session clustering costs a replica, for
 * {@code ./scaleout experiment cluster-cost}: bytes sent and received on the cluster
 * channel, the sessions it holds (a backup copy counts: it takes memory too), and their
 * size.
 */
class SessionClusterMetrics implements MeterBinder {

	private static final double MEGABYTE = 1024 * 1024;

	private final ThroughputInterceptor throughput = new ThroughputInterceptor();

	private volatile Context context;

	SessionClusterMetrics() {
		// Its own report goes to the log every N messages; the meters replace it.
		this.throughput.setInterval(Integer.MAX_VALUE);
	}

	/** Counts what passes through the channel; goes first in the interceptor stack. */
	ThroughputInterceptor throughput() {
		return this.throughput;
	}

	void watch(Context context) {
		this.context = context;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("session.cluster.sent", this.throughput, (t) -> t.getMbTx() * MEGABYTE)
			.baseUnit("bytes")
			.description("Bytes this replica sent to its peers (each peer counted)")
			.register(registry);
		FunctionCounter.builder("session.cluster.received", this.throughput, (t) -> t.getMbRx() * MEGABYTE)
			.baseUnit("bytes")
			.description("Bytes this replica received from its peers")
			.register(registry);
		Gauge.builder("session.cluster.sessions", this, SessionClusterMetrics::sessionsHeld)
			.description("Sessions this replica holds in memory, backup copies included")
			.register(registry);
		Gauge.builder("session.cluster.session.size", this, SessionClusterMetrics::averageSessionBytes)
			.baseUnit("bytes")
			.description("Average serialized size of a session this replica owns")
			.register(registry);
	}

	/**
	 * Sessions whose data this replica keeps. A BackupManager also knows every other
	 * session as a proxy (the id and where it lives), which
	 * {@code getActiveSessionsFull()} would count; its {@code getActiveSessions()} counts
	 * owned and backup copies only.
	 */
	private double sessionsHeld() {
		Manager manager = manager();
		return (manager != null) ? manager.getActiveSessions() : 0;
	}

	private double averageSessionBytes() {
		Manager manager = manager();
		if (manager == null) {
			return 0;
		}
		long bytes = 0;
		int sessions = 0;
		for (Session session : manager.findSessions()) {
			if (session instanceof DeltaSession delta) {
				bytes += serializedSize(delta);
				sessions++;
			}
		}
		return (sessions == 0) ? 0 : (double) bytes / sessions;
	}

	private Manager manager() {
		Context context = this.context;
		return (context != null) ? context.getManager() : null;
	}

	private static long serializedSize(DeltaSession session) {
		CountingStream counter = new CountingStream();
		try (ObjectOutputStream out = new ObjectOutputStream(counter)) {
			session.writeObjectData(out);
		}
		catch (IOException ex) {
			return 0;
		}
		return counter.count;
	}

	private static final class CountingStream extends OutputStream {

		long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.count += length;
		}

	}

}
