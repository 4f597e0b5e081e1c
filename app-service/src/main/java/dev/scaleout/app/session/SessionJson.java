package dev.scaleout.app.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link SessionData} as a JSON object, the one format every store keeps it in (an
 * HttpSession attribute holding this text, or the claims of a token). JSON rather than
 * Java serialization, because replicas of two versions (v1 and the v2 canary) share
 * sessions: the reader takes the fields it knows and keeps every other one in
 * {@link SessionData#more()}, and the writer puts them back, so a field added in v2
 * neither breaks v1 nor is lost when v1 saves the session. A text that is not a session
 * at all is no session (anonymous), never an error.
 */
final class SessionJson {

	/** The fields this version knows; anything else is kept in {@code more}. */
	static final Set<String> KNOWN = Set.of("user", "roles", "visits", "lastVisit", "cart", "cartId");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SessionJson() {
	}

	static String write(SessionData data) {
		ObjectNode json = JSON.valueToTree(data.more());
		KNOWN.forEach(json::remove);
		if (data.user() != null) {
			json.put("user", data.user());
			json.set("roles", JSON.valueToTree(data.roles()));
		}
		json.put("visits", data.visits());
		if (data.lastVisit() != null) {
			json.put("lastVisit", data.lastVisit());
		}
		if (data.cartId() != null) {
			json.put("cartId", data.cartId());
		}
		if (!data.cart().isEmpty()) {
			json.set("cart", JSON.valueToTree(data.cart()));
		}
		return JSON.writeValueAsString(json);
	}

	static SessionData read(String text) {
		try {
			JsonNode json = JSON.readTree(text);
			if (!json.isObject()) {
				return SessionData.anonymous();
			}
			List<String> roles = new ArrayList<>();
			json.path("roles").forEach((role) -> roles.add(role.asString()));
			Map<String, Integer> cart = new LinkedHashMap<>();
			json.path("cart").properties().forEach((line) -> cart.put(line.getKey(), line.getValue().asInt()));
			Map<String, Object> more = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> field : json.properties()) {
				if (!KNOWN.contains(field.getKey())) {
					more.put(field.getKey(), JSON.treeToValue(field.getValue(), Object.class));
				}
			}
			return new SessionData(text(json, "user"), roles, json.path("visits").asLong(0), text(json, "lastVisit"),
					cart, text(json, "cartId"), more);
		}
		catch (JacksonException ex) {
			return SessionData.anonymous();
		}
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
