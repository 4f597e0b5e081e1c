package dev.scaleout.app.inventory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Orders as JSON in the shared store, and each user's list of order ids.
 */
@Component
class OrderStore {

	private static final String ORDER = "scaleout:order:";

	private static final String USER_ORDERS = "scaleout:orders:";

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	OrderStore(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	void save(Order order) {
		this.redis.opsForValue().set(ORDER + order.id(), this.json.writeValueAsString(order));
		this.redis.opsForList().leftPush(USER_ORDERS + order.user(), order.id());
	}

	Optional<Order> find(String id) {
		String value = this.redis.opsForValue().get(ORDER + id);
		return Optional.ofNullable(value).map((text) -> this.json.readValue(text, Order.class));
	}

	List<Order> ofUser(String user) {
		List<String> ids = this.redis.opsForList().range(USER_ORDERS + user, 0, 99);
		if (ids == null) {
			return List.of();
		}
		return ids.stream().map(this::find).flatMap(Optional::stream).filter(Objects::nonNull).toList();
	}

}
