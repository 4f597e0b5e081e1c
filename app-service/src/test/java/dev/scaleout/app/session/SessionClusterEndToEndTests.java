package dev.scaleout.app.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.scaleout.app.support.HttpTestClient;
import dev.scaleout.app.support.HttpTestClient.Response;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.StorageType;
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

	@Nested
	class AllToAll extends ClusterContract {

		@Override
		Replication replication() {
			return Replication.ALL_TO_ALL;
		}

		@Override
		int copiesPerSession() {
			return 3;
		}

	}

	@Nested
	class PrimaryBackup extends ClusterContract {

		@Override
		Replication replication() {
			return Replication.PRIMARY_BACKUP;
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

		/** Three replicas (the cluster's static members), none started yet, and Redis. */
		Topology topology;

		/** Each user's client and the visits it has seen so far. */
		final Map<HttpTestClient, Long> users = new LinkedHashMap<>();

		abstract Replication replication();

		@BeforeAll
		void startTwoOfThree() {
			this.topology = Topology.owned(TopologySpec.builder()
				.replicas(3)
				.sessionStore(SessionStore.CLUSTER)
				.replication(replication())
				.lockNodes(0)
				.guard(Guard.ATOMIC)
				.objectStore(false)
				.storage(StorageType.LOCAL)
				.noCanary()
				.noGateway()
				.build());
			this.topology.startStores();
			this.topology.replica("app-1").start();
			this.topology.replica("app-2").start();
			this.topology.replica("app-1").awaitReady(Topology.START);
			this.topology.replica("app-2").awaitReady(Topology.START);
		}

		@AfterAll
		void stopReplicas() {
			if (this.topology != null) {
				this.topology.close();
			}
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
			this.topology.replica("app-3").start().awaitReady(Topology.START);
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
			this.topology.replicas().forEach((replica) -> held.put(replica.name(), sessionsHeld(replica.name())));
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
			this.topology.replica("app-1").kill();
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
			return this.topology.replica(replica).url() + path;
		}

	}

}
