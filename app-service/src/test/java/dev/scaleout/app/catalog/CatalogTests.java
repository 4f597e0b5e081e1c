package dev.scaleout.app.catalog;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogTests {

	static RedisServer redis;

	static AppInstance app;

	final HttpTestClient client = new HttpTestClient();

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		app = AppInstance.start("app-catalog", redis);
	}

	@AfterAll
	static void stop() {
		app.close();
		redis.close();
	}

	@Test
	void catalogListsTwentyProductsToAnyone() {
		Response products = this.client.get(app.url("/api/products"));
		assertThat(products.status()).isEqualTo(200);
		assertThat(products.json()).hasSize(20);
		assertThat(products.json().get(0).get("sku").asString()).isEqualTo("KB-101");
		assertThat(products.json().get(0).get("price").decimalValue()).isEqualByComparingTo("89.00");
	}

	@Test
	void productBySkuAndUnknownSkuIsNotFoundProblem() {
		assertThat(this.client.get(app.url("/api/products/MS-102")).json().get("name").asString())
			.isEqualTo("Wireless mouse");
		Response unknown = this.client.get(app.url("/api/products/NO-000"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void pingIsConstantAndTouchesNoSession() {
		Response ping = this.client.get(app.url("/api/ping"));
		assertThat(ping.status()).isEqualTo(200);
		assertThat(ping.body()).isEqualTo("{\"status\":\"ok\"}");
		assertThat(ping.setCookies()).noneMatch((cookie) -> cookie.startsWith("SESSION"));
		assertThat(ping.header("X-Instance")).isEqualTo("app-catalog");
		assertThat(ping.header("X-App-Version")).isEqualTo("1");
	}

	@Test
	void unknownPathIsNotFoundProblemAndActuatorInternalsAreClosed() {
		Response unknown = this.client.get(app.url("/nothing-here"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
		assertThat(this.client.get(app.url("/actuator/env")).status()).isEqualTo(404);
		assertThat(this.client.get(app.url("/actuator/prometheus")).body()).contains("instance_id=\"app-catalog\"");
	}

}
