package dev.scaleout.gateway.balancing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

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

	private final int members;

	public HashRing(Collection<T> members, java.util.function.Function<T, String> name, int virtualNodes) {
		this.members = members.size();
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
	 * The first member clockwise from the key's point that {@code accepts} the key, each
	 * member asked once; the key's own owner when none does. Bounded-load hashing walks
	 * on past members that are full, so a key's overflow always goes to the same next
	 * members, and comes back as soon as its owner has room.
	 */
	public T locate(String key, Predicate<T> accepts) {
		if (this.ring.isEmpty()) {
			throw new IllegalStateException("empty ring");
		}
		long point = hash(key);
		Set<T> asked = new HashSet<>();
		T owner = null;
		for (Collection<T> arc : List.of(this.ring.tailMap(point, true).values(),
				this.ring.headMap(point, false).values())) {
			for (T member : arc) {
				if (owner == null) {
					owner = member;
				}
				if (asked.add(member)) {
					if (accepts.test(member)) {
						return member;
					}
					if (asked.size() == this.members) {
						return owner;
					}
				}
			}
		}
		return owner;
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
