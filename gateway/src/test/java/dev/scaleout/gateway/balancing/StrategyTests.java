package dev.scaleout.gateway.balancing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class StrategyTests {

	static Map<Instance, Integer> distribute(BalancingStrategy strategy, List<Instance> instances, int requests) {
		Map<Instance, Integer> counts = new HashMap<>();
		for (int i = 0; i < requests; i++) {
			counts.merge(strategy.choose(instances, Instances.request()).instance(), 1, Integer::sum);
		}
		return counts;
	}

	@Nested
	class RoundRobin {

		@Test
		void spreadsRequestsEvenly() {
			List<Instance> instances = Instances.healthy(3);
			assertThat(distribute(new RoundRobinStrategy(), instances, 300).values()).containsOnly(100);
		}

	}

	@Nested
	class Weighted {

		@Test
		void honoursWeightsAndInterleaves() {
			Instance heavy = Instances.healthy("http://10.0.0.1:8081", 3);
			Instance light1 = Instances.healthy("http://10.0.0.2:8081", 1);
			Instance light2 = Instances.healthy("http://10.0.0.3:8081", 1);
			List<Instance> instances = List.of(heavy, light1, light2);
			WeightedStrategy strategy = new WeightedStrategy();

			List<Instance> firstFive = java.util.stream.IntStream.range(0, 5)
				.mapToObj((i) -> strategy.choose(instances, Instances.request()).instance())
				.toList();
			// Smooth: the heavy instance is spread through the cycle, not served three
			// times in a row.
			assertThat(firstFive).containsExactly(heavy, light1, heavy, light2, heavy);
			Map<Instance, Integer> counts = distribute(strategy, instances, 500);
			assertThat(counts).containsEntry(heavy, 300).containsEntry(light1, 100).containsEntry(light2, 100);
		}

	}

	@Nested
	class LeastRequests {

		@Test
		void prefersTheIdleInstance() {
			List<Instance> instances = Instances.healthy(3);
			instances.get(0).begin();
			instances.get(0).begin();
			instances.get(2).begin();
			LeastRequestsStrategy strategy = new LeastRequestsStrategy();
			for (int i = 0; i < 10; i++) {
				assertThat(strategy.choose(instances, Instances.request()).instance()).isSameAs(instances.get(1));
			}
			assertThat(strategy.choose(instances, Instances.request()).why())
				.isEqualTo("fewest in flight (0) of 10.0.0.1:8081 2, 10.0.0.2:8081 0, 10.0.0.3:8081 1");
		}

		@Test
		void sharesEvenlyWhenAllAreIdle() {
			assertThat(distribute(new LeastRequestsStrategy(), Instances.healthy(3), 300).values()).containsOnly(100);
		}

	}

	@Nested
	class Sticky {

		@Test
		void pinsAClientWithACookieAndRepinsWhenItsInstanceIsGone() {
			List<Instance> instances = Instances.healthy(3);
			StickyStrategy strategy = new StickyStrategy("SCALEOUT_LB");

			MockServerWebExchange first = Instances.request();
			Instance pinned = strategy.choose(instances, first).instance();
			strategy.chosen(pinned, first);
			ResponseCookie cookie = first.getResponse().getCookies().getFirst("SCALEOUT_LB");
			assertThat(cookie).isNotNull();

			for (int i = 0; i < 20; i++) {
				MockServerWebExchange next = withCookie(cookie.getValue());
				assertThat(strategy.choose(instances, next).instance()).isSameAs(pinned);
			}

			List<Instance> withoutPinned = instances.stream().filter((instance) -> instance != pinned).toList();
			MockServerWebExchange afterFailure = withCookie(cookie.getValue());
			Instance repinned = strategy.choose(withoutPinned, afterFailure).instance();
			strategy.chosen(repinned, afterFailure);
			assertThat(repinned).isNotSameAs(pinned);
			assertThat(afterFailure.getResponse().getCookies().getFirst("SCALEOUT_LB").getValue())
				.isEqualTo(StickyStrategy.value(repinned));
		}

		private MockServerWebExchange withCookie(String value) {
			return MockServerWebExchange
				.from(MockServerHttpRequest.get("/api/whoami").cookie(new HttpCookie("SCALEOUT_LB", value)));
		}

	}

	@Nested
	class ConsistentHash {

		@Test
		void sameClientSameInstance() {
			ConsistentHashStrategy strategy = new ConsistentHashStrategy(
					new GatewayProperties.HashKey("client-ip", "SESSION"), 0);
			List<Instance> instances = Instances.healthy(5);
			Instance first = strategy.choose(instances, Instances.requestFrom("192.0.2.7")).instance();
			for (int i = 0; i < 10; i++) {
				assertThat(strategy.choose(instances, Instances.requestFrom("192.0.2.7")).instance()).isSameAs(first);
			}
		}

		@Test
		void losingOneOfFiveMovesAboutAFifthOfTheClientsWhereModularHashingMovesMost() {
			List<Instance> five = Instances.healthy(5);
			List<Instance> four = five.subList(0, 4);
			HashRing<Instance> before = new HashRing<>(five, (i) -> i.url().toString(), HashRing.DEFAULT_VIRTUAL_NODES);
			HashRing<Instance> after = new HashRing<>(four, (i) -> i.url().toString(), HashRing.DEFAULT_VIRTUAL_NODES);
			int clients = 20_000;
			int ringMoved = 0;
			int modularMoved = 0;
			for (int c = 0; c < clients; c++) {
				String key = "client-" + c;
				if (before.locate(key) != after.locate(key)) {
					ringMoved++;
				}
				long hash = HashRing.hash(key) & Long.MAX_VALUE;
				if (hash % 5 != hash % 4) {
					modularMoved++;
				}
			}
			double ring = ringMoved / (double) clients;
			double modular = modularMoved / (double) clients;
			// Only the lost instance's clients move: 1/5 in expectation.
			assertThat(ring).isBetween(0.15, 0.25);
			// Modular hashing reshuffles almost everyone: 4/5 in expectation.
			assertThat(modular).isGreaterThan(0.7);
		}

		@Test
		void hashesANamedCookieWhenConfigured() {
			ConsistentHashStrategy strategy = new ConsistentHashStrategy(
					new GatewayProperties.HashKey("cookie", "SESSION"), 0);
			List<Instance> instances = Instances.healthy(5);
			Instance a = strategy.choose(instances,
					MockServerWebExchange.from(MockServerHttpRequest.get("/")
						.remoteAddress(new java.net.InetSocketAddress("192.0.2.1", 1))
						.cookie(new HttpCookie("SESSION", "abc"))))
				.instance();
			Instance b = strategy.choose(instances,
					MockServerWebExchange.from(MockServerHttpRequest.get("/")
						.remoteAddress(new java.net.InetSocketAddress("192.0.2.99", 1))
						.cookie(new HttpCookie("SESSION", "abc"))))
				.instance();
			assertThat(a).isSameAs(b);
		}

		/**
		 * Thirty requests of one client at once, each still in flight when the next
		 * comes; what each instance holds at the end.
		 */
		private Map<Instance, Integer> oneHotKey(int balanceFactor, List<Instance> instances) {
			ConsistentHashStrategy strategy = new ConsistentHashStrategy(
					new GatewayProperties.HashKey("client-ip", "SESSION"), balanceFactor);
			Map<Instance, Integer> held = new HashMap<>();
			for (int i = 0; i < 30; i++) {
				Instance chosen = strategy.choose(instances, Instances.requestFrom("192.0.2.7")).instance();
				chosen.begin();
				held.merge(chosen, 1, Integer::sum);
			}
			return held;
		}

		@Test
		void unboundedAHotKeyBuriesItsOwner() {
			assertThat(oneHotKey(0, Instances.healthy(3))).hasSize(1).containsValue(30);
		}

		@Test
		void boundedAHotKeyOverflowsOnceItsOwnerHoldsTheFactorTimesTheAverage() {
			List<Instance> instances = Instances.healthy(3);
			Instance owner = new ConsistentHashStrategy(new GatewayProperties.HashKey("client-ip", "SESSION"), 150)
				.choose(instances, Instances.requestFrom("192.0.2.7"))
				.instance();
			Map<Instance, Integer> held = oneHotKey(150, instances);
			owner.begin();
			Choice overflow = new ConsistentHashStrategy(new GatewayProperties.HashKey("client-ip", "SESSION"), 150)
				.choose(instances, Instances.requestFrom("192.0.2.7"));
			assertThat(overflow.instance()).isNotSameAs(owner);
			assertThat(overflow.why()).as("with the address by its hash only: the dashboard is public")
				.matches("the client's address \\(hash [0-9a-f]{6}\\) belongs to " + owner.id()
						+ ", which is full \\(16 in flight, at most 16 at 150 % of the average\\): "
						+ "the next on the ring with room")
				.doesNotContain("192.0.2.7");
			// 150 % of 30 / 3 = 15: the owner keeps as many as that and no more.
			assertThat(held.get(owner)).isEqualTo(15);
			assertThat(held.values()).allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(15));
			assertThat(held.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
		}

		@Test
		void boundedAKeyStaysOnItsOwnerWhileTheLoadIsEven() {
			ConsistentHashStrategy bounded = new ConsistentHashStrategy(
					new GatewayProperties.HashKey("client-ip", "SESSION"), 125);
			ConsistentHashStrategy unbounded = new ConsistentHashStrategy(
					new GatewayProperties.HashKey("client-ip", "SESSION"), 0);
			List<Instance> instances = Instances.healthy(5);
			for (Instance instance : instances) {
				instance.begin();
				instance.begin();
			}
			for (int c = 0; c < 200; c++) {
				String client = "192.0.2." + (c % 250);
				assertThat(bounded.choose(instances, Instances.requestFrom(client)).instance())
					.isSameAs(unbounded.choose(instances, Instances.requestFrom(client)).instance());
			}
		}

		@Test
		void aBalanceFactorBelowOneHundredIsRefused() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new GatewayProperties.Pool(null, GatewayProperties.Strategy.CONSISTENT_HASH, Map.of(),
						null, "LB", 90))
				.withMessageContaining("hash-balance-factor");
		}

	}

	@Nested
	class SlowStart {

		private final GatewayProperties.SlowStart tenSeconds = new GatewayProperties.SlowStart(Duration.ofSeconds(10),
				1.0, 10);

		@Test
		void theWeightRisesFromTheMinimumToFullOverTheWindow() {
			assertThat(this.tenSeconds.weight(Duration.ZERO)).isEqualTo(0.1);
			assertThat(this.tenSeconds.weight(Duration.ofSeconds(5))).isEqualTo(0.5);
			assertThat(this.tenSeconds.weight(Duration.ofSeconds(10))).isEqualTo(1.0);
			assertThat(new GatewayProperties.SlowStart(Duration.ofSeconds(10), 2.0, 10).weight(Duration.ofMillis(2500)))
				.as("aggression 2: the square root of the progress")
				.isEqualTo(0.5);
			assertThat(new GatewayProperties.SlowStart(Duration.ZERO, 1.0, 10).weight(Duration.ZERO)).isEqualTo(1.0);
		}

		private InstancePool pool(GatewayProperties.Strategy strategy, Instant now) {
			InstancePool pool = new InstancePool("app",
					new GatewayProperties.Pool(null, strategy, Map.of(), null, "LB", 0),
					Instances.gateway(50, this.tenSeconds), new SimpleMeterRegistry());
			pool.update(new LinkedHashSet<>(List.of(URI.create("http://10.0.0.1:8081"),
					URI.create("http://10.0.0.2:8081"), URI.create("http://10.0.0.3:8081"))));
			List<Instance> instances = pool.instances();
			instances.get(0).checkPassed(1, now.minusSeconds(60));
			instances.get(1).checkPassed(1, now.minusSeconds(60));
			instances.get(2).checkPassed(1, now);
			return pool;
		}

		private double offered(InstancePool pool, Instance instance, Instant at) {
			int offered = 0;
			for (int i = 0; i < 20_000; i++) {
				if (pool.candidates(List.of(), at).contains(instance)) {
					offered++;
				}
			}
			return offered / 20_000.0;
		}

		@Test
		void aReplicaJustAdmittedIsOfferedInProportionToItsWeight() {
			Instant now = Instant.now();
			InstancePool pool = pool(GatewayProperties.Strategy.ROUND_ROBIN, now);
			Instance joined = pool.instances().get(2);
			assertThat(offered(pool, joined, now.plusSeconds(1))).isCloseTo(0.1, within(0.02));
			assertThat(offered(pool, joined, now.plusSeconds(5))).isCloseTo(0.5, within(0.02));
			assertThat(offered(pool, joined, now.plusSeconds(10))).isEqualTo(1.0);
			assertThat(offered(pool, pool.instances().get(0), now)).isEqualTo(1.0);
			assertThat(pool.slowStartWeight(joined, now.plusSeconds(5))).isEqualTo(0.5);
		}

		@Test
		void replicasAdmittedTogetherAreAllOfferedWhileTheyRampUp() {
			Instant now = Instant.now();
			InstancePool pool = pool(GatewayProperties.Strategy.P2C_EWMA, now);
			pool.instances().get(0).checkFailed(1, now);
			pool.instances().get(0).checkPassed(1, now);
			pool.instances().get(1).checkFailed(1, now);
			pool.instances().get(1).checkPassed(1, now);
			assertThat(pool.slowStartWeight(pool.instances().get(0), now.plusSeconds(2))).isEqualTo(0.2);
			for (Instance instance : pool.instances()) {
				assertThat(offered(pool, instance, now.plusSeconds(2))).isEqualTo(1.0);
			}
		}

		@Test
		void hashingKeepsEveryKeyWhereItBelongs() {
			Instant now = Instant.now();
			InstancePool pool = pool(GatewayProperties.Strategy.CONSISTENT_HASH, now);
			assertThat(offered(pool, pool.instances().get(2), now)).isEqualTo(1.0);
		}

		@Test
		void aReplicaBackFromAnEjectionIsWarmAndNotRampedAgain() {
			Instant now = Instant.now();
			InstancePool pool = pool(GatewayProperties.Strategy.ROUND_ROBIN, now.minusSeconds(60));
			Instance warm = pool.instances().get(2);
			warm.connectionFailed(Instances.outlier(), now);
			warm.checkPassed(1, now.plusSeconds(6));
			assertThat(warm.isAvailable()).isTrue();
			assertThat(pool.slowStartWeight(warm, now.plusSeconds(6))).isEqualTo(1.0);
		}

		@Test
		void aReplicaBackFromFailingItsChecksIsRampedAgain() {
			Instant now = Instant.now();
			InstancePool pool = pool(GatewayProperties.Strategy.ROUND_ROBIN, now.minusSeconds(60));
			Instance restarted = pool.instances().get(2);
			restarted.checkFailed(1, now);
			restarted.checkPassed(1, now.plusSeconds(20));
			assertThat(pool.slowStartWeight(restarted, now.plusSeconds(21))).isCloseTo(0.1, within(1e-9));
		}

	}

	@Nested
	class Ejection {

		@Test
		void connectionFailureEjectsAtOnceAndTheEjectionGrowsOnRepeat() {
			GatewayProperties.Outlier outlier = Instances.outlier();
			Instance instance = Instances.healthy("http://10.0.0.1:8081", 1);
			Instant now = Instant.now();

			instance.connectionFailed(outlier, now);
			assertThat(instance.state()).isEqualTo(Instance.State.EJECTED);
			assertThat(instance.ejectedUntil()).isEqualTo(now.plusSeconds(5));

			instance.checkPassed(2, now.plusSeconds(6));
			assertThat(instance.state()).isEqualTo(Instance.State.HEALTHY);
			instance.connectionFailed(outlier, now.plusSeconds(7));
			assertThat(instance.ejectedUntil()).isEqualTo(now.plusSeconds(17));
		}

		@Test
		void serverErrorsEjectOnlyAfterTheThreshold() {
			GatewayProperties.Outlier outlier = Instances.outlier();
			Instance instance = Instances.healthy("http://10.0.0.1:8081", 1);
			instance.trafficError(outlier, Instant.now());
			instance.trafficError(outlier, Instant.now());
			assertThat(instance.state()).isEqualTo(Instance.State.HEALTHY);
			instance.trafficError(outlier, Instant.now());
			assertThat(instance.state()).isEqualTo(Instance.State.EJECTED);
		}

		@Test
		void failingChecksMarkUnhealthyAndPassingOnesRecover() {
			Instance instance = Instances.healthy("http://10.0.0.1:8081", 1);
			instance.checkFailed(2, Instant.now());
			assertThat(instance.isAvailable()).isTrue();
			instance.checkFailed(2, Instant.now());
			assertThat(instance.state()).isEqualTo(Instance.State.UNHEALTHY);
			instance.checkPassed(2, Instant.now());
			assertThat(instance.isAvailable()).isFalse();
			instance.checkPassed(2, Instant.now());
			assertThat(instance.isAvailable()).isTrue();
		}

	}

	@Nested
	class Panic {

		private InstancePool pool(int panicThreshold) {
			InstancePool pool = new InstancePool("app",
					new GatewayProperties.Pool(null, GatewayProperties.Strategy.ROUND_ROBIN, Map.of(), null, "LB", 0),
					Instances.gateway(panicThreshold, new GatewayProperties.SlowStart(Duration.ZERO, 1.0, 10)),
					new SimpleMeterRegistry());
			pool.update(new LinkedHashSet<>(List.of(URI.create("http://10.0.0.1:8081"),
					URI.create("http://10.0.0.2:8081"), URI.create("http://10.0.0.3:8081"))));
			return pool;
		}

		@Test
		void belowHalfHealthyThePoolAlsoOffersThoseNotReadyButNotThoseStartingOrStopping() {
			InstancePool pool = pool(50);
			List<Instance> instances = pool.instances();
			// 1 is ready; 2 answers "not ready" (its lock nodes are unreachable); 3 says
			// it is shutting down.
			instances.get(0).answered(true);
			instances.get(0).checkPassed(1, Instant.now());
			instances.get(1).answered(true);
			instances.get(1).checkFailed(1, Instant.now());
			instances.get(2).answered(true);
			instances.get(2).draining(true);
			instances.get(2).checkFailed(1, Instant.now());

			assertThat(pool.isPanicking()).as("1 of 3 healthy").isTrue();
			assertThat(pool.available(List.of())).containsExactly(instances.get(0), instances.get(1));

			instances.get(1).checkPassed(1, Instant.now());
			assertThat(pool.isPanicking()).as("2 of 3 healthy").isFalse();
			assertThat(pool.available(List.of())).containsExactly(instances.get(0), instances.get(1));

			instances.get(0).checkFailed(1, Instant.now());
			instances.get(0).answered(false);
			instances.get(1).checkFailed(1, Instant.now());
			instances.get(1).answered(false);
			assertThat(pool.available(List.of())).as("only the one shutting down still answers")
				.containsExactly(instances.get(2));
		}

		@Test
		void withNoHealthyInstanceThePoolOffersThoseThatStillAnswer() {
			InstancePool pool = pool(0);
			List<Instance> instances = pool.instances();
			// 1 is ready; 2 answers "not ready" (a shared store is down); 3 does not
			// answer.
			instances.get(0).answered(true);
			instances.get(0).checkPassed(1, Instant.now());
			instances.get(1).answered(true);
			instances.get(1).checkFailed(1, Instant.now());
			instances.get(2).answered(false);
			instances.get(2).checkFailed(1, Instant.now());

			assertThat(pool.isPanicking()).isFalse();
			assertThat(pool.available(List.of())).containsExactly(instances.get(0));

			instances.get(0).checkFailed(1, Instant.now());

			assertThat(pool.isPanicking()).isTrue();
			assertThat(pool.available(List.of())).containsExactly(instances.get(0), instances.get(1));
			assertThat(pool.available(List.of(instances.get(0)))).containsExactly(instances.get(1));

			instances.get(0).answered(false);
			instances.get(1).answered(false);
			assertThat(pool.available(List.of())).as("nobody answers: nothing to offer").isEmpty();
		}

	}

}
