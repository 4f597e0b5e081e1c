package dev.scaleout.app.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.testsupport.FreePorts;
import dev.scaleout.testsupport.JavaProcess;
import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code app.session.store=cluster}: sessions in the replicas' own memory, replicated by
 * Tomcat's session clustering, in both flavours. Three replicas as real processes (a
 * SIGKILL is a real one): two start, users hop between them, the third joins late and
 * must know every session, then one is killed and no session may be lost.
 */
class SessionClusterEndToEndTests {

	static final Duration START = Duration.ofSeconds(120);

	static RedisServer redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Nested
	class AllToAll extends ClusterContract {

		@Override
		String replication() {
			return "all-to-all";
		}

		@Override
		int copiesPerSession() {
			return 3;
		}

	}

	@Nested
	class PrimaryBackup extends ClusterContract {

		@Override
		String replication() {
			return "primary-backup";
		}

		@Override
		int copiesPerSession() {
			return 2;
		}

	}

	@TestInstance(Lifecycle.PER_CLASS)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	abstract static class ClusterContract {

		static final int USERS = 12;

		final Map<String, JavaProcess> replicas = new LinkedHashMap<>();

		final Map<String, Integer> ports = new LinkedHashMap<>();

		/** Each user's client and the visits it has seen so far. */
		final Map<HttpTestClient, Long> users = new LinkedHashMap<>();

		abstract String replication();

		@BeforeAll
		void startTwoOfThree() {
			List<String> members = new ArrayList<>();
			Map<String, Integer> tribesPorts = new LinkedHashMap<>();
			for (String name : List.of("app-1", "app-2", "app-3")) {
				this.ports.put(name, FreePorts.next());
				tribesPorts.put(name, FreePorts.next());
				members.add("127.0.0.1:" + tribesPorts.get(name));
			}
			for (String name : this.ports.keySet()) {
				int port = this.ports.get(name);
				this.replicas.put(name, JavaProcess.jar(name, "app.jar",
						Map.of("SERVER_PORT", String.valueOf(port), "APP_INSTANCE_ID", name, "SPRING_PROFILES_ACTIVE",
								"dev", "SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()), "APP_STORAGE_TYPE",
								"local", "APP_INVENTORY_GUARD", "atomic", "APP_SESSION_STORE", "cluster",
								"APP_SESSION_CLUSTER_REPLICATION", replication(), "APP_SESSION_CLUSTER_PORT",
								String.valueOf(tribesPorts.get(name)), "APP_SESSION_CLUSTER_MEMBERS",
								String.join(",", members)),
						"http://127.0.0.1:" + port + "/actuator/health/readiness"));
			}
			this.replicas.get("app-1").start();
			this.replicas.get("app-2").start();
			this.replicas.get("app-1").awaitReady(START);
			this.replicas.get("app-2").awaitReady(START);
		}

		@AfterAll
		void stopReplicas() {
			this.replicas.values().forEach(JavaProcess::close);
		}

		@Test
		@Order(1)
		void visitsAndTheCartFollowTheUserAcrossTwoReplicas() {
			for (int i = 0; i < USERS; i++) {
				this.users.put(new HttpTestClient(), 0L);
			}
			hopAll(List.of("app-1", "app-2"), 3);

			HttpTestClient alice = new HttpTestClient();
			alice.get(url("app-1", "/api/whoami"));
			assertThat(alice.post(url("app-2", "/api/login"), "{\"username\":\"alice\",\"password\":\"password\"}")
				.status()).isEqualTo(200);
			assertThat(alice.put(url("app-1", "/api/cart/items/KB-101"), "{\"quantity\":2}").status()).isEqualTo(200);
			Response cart = alice.get(url("app-2", "/api/cart"));
			assertThat(cart.status()).isEqualTo(200);
			assertThat(cart.json().get("items").get(0).get("quantity").asInt()).isEqualTo(2);
			Response whoami = alice.get(url("app-1", "/api/whoami"));
			assertThat(whoami.json().get("user").asString()).isEqualTo("alice");
			assertThat(whoami.json().get("sessionStore").asString()).isEqualTo("cluster");
			assertThat(alice.cookies()).containsKey("JSESSIONID").doesNotContainKey("SESSION");
		}

		@Test
		@Order(2)
		void aReplicaThatJoinsLateKnowsEveryExistingSession() {
			this.replicas.get("app-3").start().awaitReady(START);
			// Only the newcomer first: it must already hold (or find) every session.
			hopAll(List.of("app-3"), 1);
			hopAll(List.of("app-1", "app-2", "app-3"), 2);
		}

		@Test
		@Order(3)
		void eachReplicaHoldsTheCopiesItsFlavourPromises() {
			// The users and alice; alice's anonymous session became hers at login (new
			// id).
			int sessions = USERS + 1;
			Map<String, Long> held = new LinkedHashMap<>();
			this.ports.keySet().forEach((replica) -> held.put(replica, sessionsHeld(replica)));
			long copies = held.values().stream().mapToLong(Long::longValue).sum();
			assertThat(copies).as("session copies on the three replicas " + held)
				.isEqualTo(copiesPerSession() * sessions);
		}

		/** All-to-all: on every replica; primary-backup: on its owner and one backup. */
		abstract int copiesPerSession();

		@Test
		@Order(4)
		void aSigkilledReplicaLosesNoSession() {
			// Every session was last written on app-1, which then dies without a word.
			hopAll(List.of("app-1"), 1);
			this.replicas.get("app-1").kill();
			hopAll(List.of("app-2", "app-3"), 3);
		}

		/**
		 * Every user calls whoami {@code rounds} times on each replica in turn; visits
		 * must go on by one each time, whoever answers.
		 */
		private void hopAll(List<String> path, int rounds) {
			List<String> broken = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				for (String replica : path) {
					for (Map.Entry<HttpTestClient, Long> user : this.users.entrySet()) {
						Response whoami = user.getKey().get(url(replica, "/api/whoami"));
						long expected = user.getValue() + 1;
						long visits = (whoami.status() == 200) ? whoami.json().get("visits").asLong() : -1;
						if (whoami.status() != 200 || visits != expected) {
							broken
								.add(replica + ": " + whoami.status() + " visits " + visits + ", expected " + expected);
						}
						user.setValue(expected);
					}
				}
			}
			assertThat(broken).as("whoami answers that lost or skipped a visit (" + replication() + ")").isEmpty();
		}

		/**
		 * The replica's own gauge, as {@code ./scaleout experiment cluster-cost} reads
		 * it.
		 */
		private long sessionsHeld(String replica) {
			Response metrics = new HttpTestClient().get(url(replica, "/actuator/prometheus"));
			assertThat(metrics.status()).isEqualTo(200);
			return metrics.body()
				.lines()
				.filter((line) -> line.startsWith("session_cluster_sessions{"))
				.map((line) -> Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))))
				.findFirst()
				.orElseThrow(() -> new AssertionError(replica + " has no session_cluster_sessions gauge"));
		}

		private String url(String replica, String path) {
			return "http://127.0.0.1:" + this.ports.get(replica) + path;
		}

	}

}
