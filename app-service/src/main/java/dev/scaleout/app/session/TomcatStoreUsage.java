package dev.scaleout.app.session;

import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.apache.catalina.session.ManagerBase;

/**
 * The sessions this replica's Tomcat holds ({@code memory}, {@code cluster}) against its
 * bound, and the heap they live in.
 */
class TomcatStoreUsage implements SessionStoreUsage.Probe {

	private final String store;

	private volatile Context context;

	TomcatStoreUsage(String store) {
		this.store = store;
	}

	void watch(Context context) {
		this.context = context;
	}

	@Override
	public SessionStoreUsage read() {
		Context context = this.context;
		Manager manager = (context != null) ? context.getManager() : null;
		long sessions = (manager != null) ? manager.getActiveSessions() : 0;
		Long max = (manager instanceof ManagerBase base && base.getMaxActiveSessions() >= 0)
				? (long) base.getMaxActiveSessions() : null;
		Runtime runtime = Runtime.getRuntime();
		return new SessionStoreUsage(this.store, sessions, max, "replica-heap",
				runtime.totalMemory() - runtime.freeMemory(), runtime.maxMemory(), null);
	}

}
