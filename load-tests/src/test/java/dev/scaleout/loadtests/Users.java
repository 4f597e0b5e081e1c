package dev.scaleout.loadtests;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The load-test accounts user1 ... user1000 (password "password"), one per virtual user.
 */
final class Users {

	private static final int ACCOUNTS = 1000;

	private Users() {
	}

	static Iterator<Map<String, Object>> feeder() {
		AtomicInteger next = new AtomicInteger(LoadSettings.firstUser());
		return Stream.generate(() -> {
			int n = (next.getAndIncrement() - 1) % ACCOUNTS + 1;
			return Map.<String, Object>of("user", "user" + n);
		}).iterator();
	}

}
