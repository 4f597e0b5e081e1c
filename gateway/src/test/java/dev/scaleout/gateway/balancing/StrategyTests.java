package dev.scaleout.gateway.balancing;

import java.net.URI;
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

class StrategyTests {

	static Map<Instance, Integer> distribute(BalancingStrategy strategy, List<Instance> instances, int requests) {
		Map<Instance, Integer> counts = new HashMap<>();
		for (int i = 0; i < requests; i++) {
			counts.merge(strategy.choose(instances, Instances.request()), 1, Integer::sum);
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
				.mapToObj((i) -> strategy.choose(instances, Instances.request()))
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
				assertThat(strategy.choose(instances, Instances.request())).isSameAs(instances.get(1));
			}
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
			Instance pinned = strategy.choose(instances, first);
			strategy.chosen(pinned, first);
			ResponseCookie cookie = first.getResponse().getCookies().getFirst("SCALEOUT_LB");
			assertThat(cookie).isNotNull();

			for (int i = 0; i < 20; i++) {
				MockServerWebExchange next = withCookie(cookie.getValue());
				assertThat(strategy.choose(instances, next)).isSameAs(pinned);
			}

			List<Instance> withoutPinned = instances.stream().filter((instance) -> instance != pinned).toList();
			MockServerWebExchange afterFailure = withCookie(cookie.getValue());
			Instance repinned = strategy.choose(withoutPinned, afterFailure);
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
					new GatewayProperties.HashKey("client-ip", "SESSION"));
			List<Instance> instances = Instances.healthy(5);
			Instance first = strategy.choose(instances, Instances.requestFrom("192.0.2.7"));
			for (int i = 0; i < 10; i++) {
				assertThat(strategy.choose(instances, Instances.requestFrom("192.0.2.7"))).isSameAs(first);
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
					new GatewayProperties.HashKey("cookie", "SESSION"));
			List<Instance> instances = Instances.healthy(5);
			Instance a = strategy.choose(instances,
					MockServerWebExchange.from(MockServerHttpRequest.get("/")
						.remoteAddress(new java.net.InetSocketAddress("192.0.2.1", 1))
						.cookie(new HttpCookie("SESSION", "abc"))));
			Instance b = strategy.choose(instances,
					MockServerWebExchange.from(MockServerHttpRequest.get("/")
						.remoteAddress(new java.net.InetSocketAddress("192.0.2.99", 1))
						.cookie(new HttpCookie("SESSION", "abc"))));
			assertThat(a).isSameAs(b);
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
					new GatewayProperties.Pool(null, GatewayProperties.Strategy.ROUND_ROBIN, Map.of(), null, "LB"),
					panicThreshold, new GatewayProperties.Budget(true, 20, 3), new SimpleMeterRegistry());
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
