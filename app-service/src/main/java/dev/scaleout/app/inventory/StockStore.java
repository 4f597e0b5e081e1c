package dev.scaleout.app.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import dev.scaleout.app.catalog.StockLevels;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Stock per SKU in the shared Redis store, and the per-SKU fencing counters beside it.
 */
@Component
public class StockStore implements StockLevels {

	static final String STOCK = "scaleout:stock:";

	static final String FENCE = "scaleout:fence:";

	/**
	 * The newest lock token announced for a SKU by guard {@code fenced} (the tokens come
	 * from the lock's Redis, so they get their own key beside Redlock's counters).
	 */
	static final String FENCE_SEEN = "scaleout:fence-seen:";

	/**
	 * Checks every line and, only if all have enough, decrements them all. Returns the
	 * short SKUs' indexes.
	 */
	private static final RedisScript<List> CHECK_AND_DECREMENT = RedisScript.of("""
			local short = {}
			for i, key in ipairs(KEYS) do
			  if tonumber(redis.call('GET', key) or '0') < tonumber(ARGV[i]) then
			    table.insert(short, i)
			  end
			end
			if #short == 0 then
			  for i, key in ipairs(KEYS) do redis.call('DECRBY', key, ARGV[i]) end
			end
			return short
			""", List.class);

	/**
	 * Writes new stock values only if every fencing token is still the latest issued for
	 * its SKU. KEYS: n stock keys then n fence keys; ARGV: n values then n tokens.
	 */
	private static final RedisScript<Long> FENCED_WRITE = RedisScript.of("""
			local n = #KEYS / 2
			for i = 1, n do
			  if redis.call('GET', KEYS[n + i]) ~= ARGV[n + i] then return 0 end
			end
			for i = 1, n do redis.call('SET', KEYS[i], ARGV[i]) end
			return 1
			""", Long.class);

	/**
	 * Records a lock token as the newest for its SKU unless a newer one was announced
	 * already. KEYS: the fence key; ARGV: the token. Returns 1 when it is the newest.
	 */
	private static final RedisScript<Long> ANNOUNCE = RedisScript.of("""
			if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
			  redis.call('SET', KEYS[1], ARGV[1])
			  return 1
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	StockStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Gives a product its initial stock unless it has some already (so replicas never
	 * reset each other).
	 */
	void seed(String sku, int stock) {
		this.redis.opsForValue().setIfAbsent(STOCK + sku, String.valueOf(stock));
	}

	@Override
	public long stock(String sku) {
		String value = this.redis.opsForValue().get(STOCK + sku);
		return (value != null) ? Long.parseLong(value) : 0;
	}

	@Override
	public List<Long> stocks(List<String> skus) {
		List<String> values = this.redis.opsForValue().multiGet(skus.stream().map((sku) -> STOCK + sku).toList());
		List<Long> stocks = new ArrayList<>();
		for (int i = 0; i < skus.size(); i++) {
			String value = (values != null) ? values.get(i) : null;
			stocks.add((value != null) ? Long.parseLong(value) : 0);
		}
		return stocks;
	}

	public void setStock(String sku, long stock) {
		this.redis.opsForValue().set(STOCK + sku, String.valueOf(stock));
	}

	/**
	 * @return the SKUs that are short; empty when every line was decremented
	 */
	List<String> checkAndDecrement(SortedMap<String, Integer> lines) {
		List<String> skus = List.copyOf(lines.keySet());
		List<?> shortIndexes = this.redis.execute(CHECK_AND_DECREMENT, skus.stream().map((sku) -> STOCK + sku).toList(),
				lines.values().stream().map(String::valueOf).toArray());
		List<String> shortSkus = new ArrayList<>();
		if (shortIndexes != null) {
			for (Object index : shortIndexes) {
				shortSkus.add(skus.get(((Number) index).intValue() - 1));
			}
		}
		return shortSkus;
	}

	/** Takes a new fencing token for a SKU: higher than any issued before. */
	long nextFence(String sku) {
		Long token = this.redis.opsForValue().increment(FENCE + sku);
		return (token != null) ? token : 0;
	}

	/**
	 * Announces a token that a lock handed out (guard {@code fenced}), before the holder
	 * reads: from then on a holder with an older token cannot write, whichever writes
	 * first.
	 * @return false when a newer token was announced already (this holder is stale)
	 */
	boolean announceFence(String sku, long token) {
		Long newest = this.redis.execute(ANNOUNCE, List.of(FENCE_SEEN + sku), String.valueOf(token));
		return newest != null && newest == 1;
	}

	/** Writes new stock values as they are: what a lock without fencing does. */
	void write(Map<String, Long> values) {
		Map<String, String> keyed = new LinkedHashMap<>();
		values.forEach((sku, value) -> keyed.put(STOCK + sku, String.valueOf(value)));
		this.redis.opsForValue().multiSet(keyed);
	}

	/**
	 * Writes stock values fenced by Redlock's tokens ({@link #nextFence}).
	 * @return whether the values were written (false: a newer lock holder exists)
	 */
	boolean writeIfFenced(Map<String, Long> values, Map<String, Long> tokens) {
		return writeIfFenced(values, tokens, FENCE);
	}

	/**
	 * Writes stock values fenced by the tokens guard {@code fenced} announced.
	 * @return whether the values were written (false: a newer lock holder exists)
	 */
	boolean writeIfAnnounced(Map<String, Long> values, Map<String, Long> tokens) {
		return writeIfFenced(values, tokens, FENCE_SEEN);
	}

	private boolean writeIfFenced(Map<String, Long> values, Map<String, Long> tokens, String fence) {
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		values.keySet().forEach((sku) -> keys.add(STOCK + sku));
		values.keySet().forEach((sku) -> keys.add(fence + sku));
		values.values().forEach((value) -> args.add(String.valueOf(value)));
		values.keySet().forEach((sku) -> args.add(String.valueOf(tokens.get(sku))));
		Long written = this.redis.execute(FENCED_WRITE, keys, args.toArray());
		return written != null && written == 1;
	}

}
