package dev.scaleout.gateway.balancing;

import java.util.List;

import org.springframework.web.server.ServerWebExchange;

/**
 * The same client (address, cookie or header) lands on the same instance; when an
 * instance leaves, only its own clients move.
 * <p>
 * With a balance factor, loads are bounded (Mirrokni, Thorup and Zadimoghaddam,
 * "Consistent Hashing with Bounded Loads", 2016; HAProxy's {@code hash-balance-factor},
 * Envoy's {@code hash_balance_factor}): an instance takes a request only while its
 * requests in flight, this one included, stay within {@code factor} percent of the
 * average, so one hot key (a crawler, a big tenant) overflows to the next instances on
 * the ring instead of burying its owner. Below that load every key stays on its owner.
 */
public class ConsistentHashStrategy implements BalancingStrategy {

	private final GatewayProperties.HashKey key;

	private final int balanceFactor;

	private volatile List<Instance> members = List.of();

	private volatile HashRing<Instance> ring;

	/**
	 * @param balanceFactor the most in flight on one instance, as a percentage of the
	 * average (at least 100); 0 for an unbounded ring
	 */
	public ConsistentHashStrategy(GatewayProperties.HashKey key, int balanceFactor) {
		this.key = key;
		this.balanceFactor = balanceFactor;
	}

	@Override
	public Choice choose(List<Instance> candidates, ServerWebExchange exchange) {
		HashRing<Instance> ring = ringFor(candidates);
		String key = RequestKey.of(exchange, this.key);
		Instance owner = ring.locate(key);
		if (this.balanceFactor == 0) {
			return new Choice(owner, () -> Reasons.keyOwner(this.key, key, owner));
		}
		long limit = limit(candidates);
		int ownerLoad = owner.inFlight();
		Instance chosen = (ownerLoad + 1 <= limit) ? owner
				: ring.locate(key, (instance) -> instance.inFlight() + 1 <= limit);
		if (chosen == owner) {
			return new Choice(owner, () -> Reasons.keyOwner(this.key, key, owner) + ", within its bound ("
					+ (ownerLoad + 1) + " in flight of at most " + limit + ")");
		}
		return new Choice(chosen,
				() -> Reasons.keyOwner(this.key, key, owner) + ", which is full (" + ownerLoad + " in flight, at most "
						+ limit + " at " + this.balanceFactor + " % of the average): the next on the ring with room");
	}

	/**
	 * The paper's capacity: the requests in flight with this one, spread evenly, times
	 * the factor, rounded up (so that some instance always has room).
	 */
	long limit(List<Instance> candidates) {
		long inFlight = 1;
		for (Instance instance : candidates) {
			inFlight += instance.inFlight();
		}
		return (inFlight * this.balanceFactor + 100L * candidates.size() - 1) / (100L * candidates.size());
	}

	/** Rebuilt only when the set of available instances changes. */
	private HashRing<Instance> ringFor(List<Instance> candidates) {
		HashRing<Instance> current = this.ring;
		if (current == null || !this.members.equals(candidates)) {
			current = new HashRing<>(candidates, (instance) -> instance.url().toString(),
					HashRing.DEFAULT_VIRTUAL_NODES);
			this.ring = current;
			this.members = List.copyOf(candidates);
		}
		return current;
	}

	@Override
	public boolean allowsSlowStart() {
		return false;
	}

}
