package dev.scaleout.loadtests;

import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * The traffic of {@link SessionContinuitySimulation} for a fixed time, meant to run while
 * a replica is killed and restarted ({@code ./scaleout experiment failover} does both on
 * a timer). Failed requests (KO) and broken or lost sessions are reported separately: a
 * request can succeed on a replica that does not have the user's session. Fails the run
 * on any KO.
 */
public class FailoverSimulation extends Simulation {

	ScenarioBuilder users = scenario("failover").exec(feed(Users.feeder()))
		.exec(Journeys.login())
		// A user whose login failed (a POST cut off by a kill is never repeated) counts
		// once, instead of failing every request after it as anonymous.
		.exitHereIfFailed()
		.during(LoadSettings.duration())
		.on(Journeys.whoami(false).exec(Journeys.addToCart(false)));

	{
		setUp(users.injectOpen(rampUsers(LoadSettings.users()).during(LoadSettings.ramp())))
			.protocols(Journeys.protocol())
			.assertions(global().failedRequests().count().is(0L));
	}

	@Override
	public void before() {
		Continuity.reset();
	}

	@Override
	public void after() {
		Continuity.report("FailoverSimulation", Map.of("users", LoadSettings.users()));
	}

}
