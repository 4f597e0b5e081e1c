package dev.scaleout.gateway.balancing;

import java.util.List;
import java.util.StringJoiner;
import java.util.function.IntFunction;

/** The phrases the strategies' {@link Choice} reasons share. */
final class Reasons {

	private Reasons() {
	}

	/** {@code app-1 3, app-2 1, app-3 2}: each candidate with a figure of its own. */
	static String each(List<Instance> candidates, IntFunction<String> figure) {
		StringJoiner each = new StringJoiner(", ");
		for (int i = 0; i < candidates.size(); i++) {
			each.add(candidates.get(i).id() + " " + figure.apply(i));
		}
		return each.toString();
	}

	/**
	 * {@code the cookie SESSION (hash 3fa2c1) belongs to app-2}: the key by its hash
	 * only, since it is a session id or a client's address and the dashboard is public.
	 */
	static String keyOwner(GatewayProperties.HashKey hashKey, String key, Instance owner) {
		String name = hashKey.source().equals("client-ip") ? "the client's address"
				: "the " + hashKey.source() + " " + hashKey.name();
		return name + " (hash " + hashPrefix(key) + ") belongs to " + owner.id();
	}

	static String hashPrefix(String key) {
		return String.format("%016x", HashRing.hash(key)).substring(0, 6);
	}

}
