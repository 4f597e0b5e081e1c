package dev.scaleout.gateway.balancing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent-hash ring with virtual nodes: each member owns many small arcs, so
 * removing one of N members moves only the keys on its arcs, about 1/N of them, to its
 * neighbours.
 *
 * @param <T> the members
 */
public final class HashRing<T> {

	public static final int DEFAULT_VIRTUAL_NODES = 160;

	private final TreeMap<Long, T> ring = new TreeMap<>();

	public HashRing(Collection<T> members, java.util.function.Function<T, String> name, int virtualNodes) {
		for (T member : members) {
			for (int i = 0; i < virtualNodes; i++) {
				this.ring.put(hash(name.apply(member) + "#" + i), member);
			}
		}
	}

	public T locate(String key) {
		if (this.ring.isEmpty()) {
			throw new IllegalStateException("empty ring");
		}
		Map.Entry<Long, T> owner = this.ring.ceilingEntry(hash(key));
		return (owner != null) ? owner.getValue() : this.ring.firstEntry().getValue();
	}

	/**
	 * 64 bits of MD5: well spread, and the same on every JVM and every gateway replica.
	 */
	static long hash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
			long hash = 0;
			for (int i = 0; i < 8; i++) {
				hash = (hash << 8) | (digest[i] & 0xff);
			}
			return hash;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
