package dev.scaleout.app.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.scaleout.app.support.AppInstance;
import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Buyers and an administrator talking to several replicas, as a balancer would spread
 * them.
 */
final class Shop {

	private final List<AppInstance> replicas;

	Shop(List<AppInstance> replicas) {
		this.replicas = replicas;
	}

	AppInstance replica(int i) {
		return this.replicas.get(Math.floorMod(i, this.replicas.size()));
	}

	HttpTestClient login(String user, int replica) {
		HttpTestClient client = new HttpTestClient();
		client.get(replica(replica).url("/api/whoami"));
		Response login = client.post(replica(replica).url("/api/login"),
				"{\"username\":\"" + user + "\",\"password\":\"password\"}");
		assertThat(login.status()).as("login of " + user).isEqualTo(200);
		return client;
	}

	void setStock(String sku, long stock) {
		HttpTestClient admin = login("admin", 0);
		assertThat(admin.put(replica(0).url("/api/admin/products/" + sku + "/stock"), "{\"stock\":" + stock + "}")
			.status()).isEqualTo(200);
	}

	long stock(String sku) {
		return new HttpTestClient().get(replica(1).url("/api/products/" + sku)).json().get("stock").asLong();
	}

	/**
	 * Buyers {@code user<first>..} logged in (in parallel: BCrypt is slow on purpose),
	 * each with a cart.
	 */
	List<HttpTestClient> buyers(int first, int count, String... cart) {
		return parallel(count, (i) -> {
			HttpTestClient buyer = login("user" + (first + i), i);
			for (int line = 0; line + 1 < cart.length; line += 2) {
				assertThat(buyer
					.put(replica(i).url("/api/cart/items/" + cart[line]), "{\"quantity\":" + cart[line + 1] + "}")
					.status()).isEqualTo(200);
			}
			return buyer;
		}, 8);
	}

	Response checkout(HttpTestClient buyer, int replica, String key) {
		return buyer.send("POST", replica(replica).url("/api/orders"), null, null, "Idempotency-Key", key);
	}

	/**
	 * Every buyer checks out at once, each through the next replica, each with its own
	 * key.
	 */
	List<Response> rush(List<HttpTestClient> buyers) {
		return parallel(buyers.size(), (i) -> checkout(buyers.get(i), i, UUID.randomUUID().toString()), 24);
	}

	/**
	 * The same rush, but a buyer told 503 (retry shortly) retries with the same key on
	 * the next replica, as a well-behaved client does.
	 */
	List<Response> rushRetrying(List<HttpTestClient> buyers) {
		return parallel(buyers.size(), (i) -> {
			String key = UUID.randomUUID().toString();
			Response response = checkout(buyers.get(i), i, key);
			for (int attempt = 1; attempt <= 10 && response.status() == 503; attempt++) {
				Thread.sleep(200);
				response = checkout(buyers.get(i), i + attempt, key);
			}
			return response;
		}, 24);
	}

	static <T> List<T> parallel(int count, Indexed<T> task, int threads) {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(pool.submit((Callable<T>) () -> task.apply(index)));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			pool.shutdownNow();
		}
	}

	static long count(List<Response> responses, int status) {
		return responses.stream().filter((response) -> response.status() == status).count();
	}

	interface Indexed<T> {

		T apply(int index) throws Exception;

	}

}
