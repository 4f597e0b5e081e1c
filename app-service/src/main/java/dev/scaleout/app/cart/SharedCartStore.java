package dev.scaleout.app.cart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.scaleout.app.session.SessionData;
import dev.scaleout.app.session.SessionStore;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@code app.cart.store=shared} (the default): each session's cart is a Redis hash,
 * {@code scaleout:cart:<cart id>}, one field per line and {@code _v}, its version. Every
 * change is one small Lua script, so it is atomic inside Redis whichever replica sends
 * it: a line is set or removed on its own (two tabs changing different lines never undo
 * each other), the version goes up by one with each real change, and a precondition
 * ({@code If-Match}) is checked in the same step as the write it guards. The session
 * holds only the cart's id, which no request changes after login, so it does not matter
 * which store keeps the session, or that a JWT cannot merge two tabs' tokens.
 * <p>
 * A cart lives as long as its session could: it expires after the session's idle timeout
 * without a cart request, and logout deletes it.
 */
class SharedCartStore implements CartStore {

	static final String KEY = "scaleout:cart:";

	private static final String VERSION = "_v";

	/**
	 * KEYS[1]: the cart. ARGV[1]: the SKU, ARGV[2]: its quantity ('' removes the line),
	 * ARGV[3]: the idle timeout (ms), ARGV[4..]: the versions the client accepts (none:
	 * any). Returns {1, version, field, value, ...} after the change, or {0, version}
	 * when the precondition failed and nothing changed.
	 */
	private static final RedisScript<List> CHANGE_LINE = RedisScript.of("""
			local version = redis.call('HGET', KEYS[1], '_v') or '0'
			if #ARGV > 3 then
			  local accepted = false
			  for i = 4, #ARGV do
			    if ARGV[i] == version then accepted = true end
			  end
			  if not accepted then return {0, version} end
			end
			local changed
			if ARGV[2] == '' then
			  changed = redis.call('HDEL', KEYS[1], ARGV[1]) == 1
			else
			  changed = redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2]
			  if changed then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
			end
			if changed then version = tostring(redis.call('HINCRBY', KEYS[1], '_v', 1)) end
			local result = {1, version}
			local lines = redis.call('HGETALL', KEYS[1])
			if #lines > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
			for i = 1, #lines do result[#result + 1] = lines[i] end
			return result
			""", List.class);

	/**
	 * KEYS[1]: the cart. ARGV[1]: the idle timeout (ms), ARGV[2..]: SKU, quantity pairs
	 * just ordered. Removes each line that still has the ordered quantity.
	 */
	private static final RedisScript<Long> REMOVE_ORDERED = RedisScript.of("""
			local removed = 0
			for i = 2, #ARGV, 2 do
			  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
			    redis.call('HDEL', KEYS[1], ARGV[i])
			    removed = removed + 1
			  end
			end
			if removed > 0 then
			  redis.call('HINCRBY', KEYS[1], '_v', 1)
			  redis.call('PEXPIRE', KEYS[1], ARGV[1])
			end
			return removed
			""", Long.class);

	/** KEYS[1]: the cart, ARGV[1]: the idle timeout (ms). Reads it and keeps it alive. */
	private static final RedisScript<List> READ = RedisScript.of("""
			local lines = redis.call('HGETALL', KEYS[1])
			if #lines > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return lines
			""", List.class);

	private final StringRedisTemplate redis;

	private final SessionStore sessions;

	private final String idleMillis;

	SharedCartStore(StringRedisTemplate redis, SessionStore sessions, Duration idleTimeout) {
		this.redis = redis;
		this.sessions = sessions;
		this.idleMillis = String.valueOf(idleTimeout.toMillis());
	}

	@Override
	public String name() {
		return "shared";
	}

	@Override
	public Cart get(HttpServletRequest request) {
		String cartId = this.sessions.load(request).cartId();
		if (cartId == null) {
			return Cart.empty("0");
		}
		List<?> lines = this.redis.execute(READ, List.of(KEY + cartId), this.idleMillis);
		return cart((lines != null) ? lines : List.of(), 0);
	}

	@Override
	public Cart put(String sku, int quantity, IfMatch ifMatch, HttpServletRequest request,
			HttpServletResponse response) {
		return change(sku, String.valueOf(quantity), ifMatch, request, response);
	}

	@Override
	public Cart remove(String sku, IfMatch ifMatch, HttpServletRequest request, HttpServletResponse response) {
		return change(sku, "", ifMatch, request, response);
	}

	private Cart change(String sku, String quantity, IfMatch ifMatch, HttpServletRequest request,
			HttpServletResponse response) {
		if (!ifMatch.isAny() && ifMatch.versions().isEmpty()) {
			throw new CartChangedException(ifMatch);
		}
		List<String> args = new ArrayList<>(List.of(sku, quantity, this.idleMillis));
		if (!ifMatch.isAny()) {
			args.addAll(ifMatch.versions());
		}
		List<?> result = this.redis.execute(CHANGE_LINE, List.of(KEY + cartId(request, response)), args.toArray());
		if (result == null || result.size() < 2) {
			throw new IllegalStateException("The cart script answered " + result);
		}
		if (((Number) result.get(0)).intValue() == 0) {
			throw new CartChangedException(ifMatch);
		}
		return cart(result, 2);
	}

	@Override
	public void checkedOut(Map<String, Integer> ordered, HttpServletRequest request, HttpServletResponse response) {
		String cartId = this.sessions.load(request).cartId();
		if (cartId == null || ordered.isEmpty()) {
			return;
		}
		List<String> args = new ArrayList<>(List.of(this.idleMillis));
		ordered.forEach((sku, quantity) -> {
			args.add(sku);
			args.add(String.valueOf(quantity));
		});
		this.redis.execute(REMOVE_ORDERED, List.of(KEY + cartId), args.toArray());
	}

	@Override
	public void discard(HttpServletRequest request, HttpServletResponse response) {
		String cartId = this.sessions.load(request).cartId();
		if (cartId != null) {
			this.redis.delete(KEY + cartId);
		}
	}

	/**
	 * Every session gets its cart id at login; one saved before carts were shared (by an
	 * older version) gets it with its first change, the one change that could still race.
	 */
	private String cartId(HttpServletRequest request, HttpServletResponse response) {
		SessionData session = this.sessions.load(request);
		if (session.cartId() != null) {
			return session.cartId();
		}
		SessionData withCart = session.withUser(session.user(), session.roles());
		this.sessions.save(withCart, request, response);
		return withCart.cartId();
	}

	/**
	 * A cart from an HGETALL answer (field, value, ...) starting at {@code from}; the
	 * version is the {@code _v} field, 0 for a cart never changed.
	 */
	private static Cart cart(List<?> reply, int from) {
		Map<String, Integer> items = new TreeMap<>();
		String version = "0";
		for (int i = from; i + 1 < reply.size(); i += 2) {
			String field = String.valueOf(reply.get(i));
			String value = String.valueOf(reply.get(i + 1));
			if (field.equals(VERSION)) {
				version = value;
			}
			else {
				items.put(field, Integer.valueOf(value));
			}
		}
		return new Cart(new TreeMap<>(items), version);
	}

}
