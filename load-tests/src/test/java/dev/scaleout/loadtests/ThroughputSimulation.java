package dev.scaleout.loadtests;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.Cookie;
import static io.gatling.javaapi.http.HttpDsl.addCookie;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * A fixed arrival rate ({@code -Drate} new users per second for
 * {@code -DdurationSeconds}), each calling ping (routing only) and whoami (a session in
 * the store) five times. An open model: when the system slows down, users keep arriving,
 * so latency shows the overload instead of hiding it.
 */
public class ThroughputSimulation extends Simulation {

	// "client" identifies the visitor for consistent hashing by cookie (all load comes
	// from one IP).
	ScenarioBuilder visitors = scenario("throughput")
		.exec(addCookie(Cookie("client", (session) -> "v" + session.userId())))
		.exec(repeat(5).on(exec(http("ping").get("/api/ping").check(status().is(200)))
			.exec(http("whoami").get("/api/whoami").check(status().is(200)))));

	{
		setUp(visitors.injectOpen(constantUsersPerSec(LoadSettings.rate()).during(LoadSettings.duration())))
			.protocols(Journeys.protocol())
			.assertions(global().failedRequests().percent().lt(1.0),
					global().responseTime().percentile(99).lt(LoadSettings.p99Millis()));
	}

}
