package dev.scaleout.loadtests;

import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Logged-in users call whoami and fill their carts while the gateway spreads them over
 * the replicas. Every whoami must show the previous visits plus one and every cart every
 * item: a session that moved replicas and lost its state fails the request. Fails the run
 * on any KO or a p99 over {@code -Dp99Millis}.
 */
public class SessionContinuitySimulation extends Simulation {

	ScenarioBuilder users = scenario("session continuity").exec(feed(Users.feeder()))
		.exec(Journeys.login())
		.during(LoadSettings.duration())
		.on(Journeys.whoami(true).exec(Journeys.addToCart(true)));

	{
		setUp(users.injectOpen(rampUsers(LoadSettings.users()).during(LoadSettings.ramp())))
			.protocols(Journeys.protocol())
			.assertions(global().failedRequests().count().is(0L),
					global().responseTime().percentile(99).lt(LoadSettings.p99Millis()));
	}

	@Override
	public void before() {
		Continuity.reset();
	}

	@Override
	public void after() {
		Continuity.report("SessionContinuitySimulation", Map.of());
	}

}
