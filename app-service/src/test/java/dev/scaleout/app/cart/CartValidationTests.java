package dev.scaleout.app.cart;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a 4xx problem detail that says what to fix, and changes nothing.
 */
class CartValidationTests {

	static RedisServer redis;

	static AppInstance app;

	HttpTestClient client;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		app = AppInstance.start("app-cart", redis);
	}

	@AfterAll
	static void stop() {
		app.close();
		redis.close();
	}

	@BeforeEach
	void logIn() {
		this.client = new HttpTestClient();
		this.client.get(app.url("/api/whoami"));
		assertThat(this.client.post(app.url("/api/login"), "{\"username\":\"bob\",\"password\":\"password\"}").status())
			.isEqualTo(200);
	}

	@Test
	void validQuantityIsStoredAndTotalled() {
		Response put = this.client.put(app.url("/api/cart/items/CB-107"), "{\"quantity\":3}");
		assertThat(put.status()).isEqualTo(200);
		assertThat(put.json().get("total").decimalValue()).isEqualByComparingTo("29.70");
		Response delete = this.client.delete(app.url("/api/cart/items/CB-107"));
		assertThat(delete.status()).isEqualTo(200);
		assertThat(delete.json().get("items")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{\"quantity\":0}", "{\"quantity\":100}", "{\"quantity\":-1}", "{}", "{\"quantity\":null}" })
	void quantityOutsideOneToNinetyNineIsBadRequest(String body) {
		assertRejected(this.client.put(app.url("/api/cart/items/KB-101"), body), 400, "quantity");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"quantity\":\"2\"}", "{\"quantity\":1.5}", "{\"quantity\":true}",
			"{\"quantity\":99999999999}", "{\"quantity\":[1]}", "{\"quantity\":1", "{\"quantity\":1}}", "not json",
			"" })
	void malformedOrMistypedBodyIsBadRequest(String body) {
		assertRejected(this.client.put(app.url("/api/cart/items/KB-101"), body), 400, "JSON");
	}

	@Test
	void nonJsonContentTypeIsUnsupportedMediaType() {
		Response put = this.client.send("PUT", app.url("/api/cart/items/KB-101"), "quantity=1", "text/plain");
		assertRejected(put, 415, "");
	}

	@Test
	void unknownSkuIsNotFound() {
		assertRejected(this.client.put(app.url("/api/cart/items/ZZ-999"), "{\"quantity\":1}"), 404, "ZZ-999");
		assertRejected(this.client.delete(app.url("/api/cart/items/ZZ-999")), 404, "ZZ-999");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "kb-101", "KB%20101", "..%2F..%2Fetc", "%2E%2E", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
	void malformedSkuIsRejected(String sku) {
		Response put = this.client.put(app.url("/api/cart/items/" + sku), "{\"quantity\":1}");
		assertThat(put.status()).isBetween(400, 404);
		assertThat(put.header("Content-Type")).startsWith("application/problem+json");
		assertThat(this.client.get(app.url("/api/cart")).json().get("items")).isEmpty();
	}

	@Test
	void anonymousCartIsUnauthorized() {
		HttpTestClient anonymous = new HttpTestClient();
		anonymous.get(app.url("/api/whoami"));
		assertRejected(anonymous.get(app.url("/api/cart")), 401, "Log in");
		assertRejected(anonymous.put(app.url("/api/cart/items/KB-101"), "{\"quantity\":1}"), 401, "Log in");
	}

	private void assertRejected(Response response, int status, String detailPart) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains(detailPart);
		assertThat(response.header("X-Instance")).isEqualTo("app-cart");
		assertThat(this.client.get(app.url("/api/cart")).json().get("items")).isEmpty();
	}

}
