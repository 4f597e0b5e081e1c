package dev.scaleout.loadtests;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.StringBodyPart;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Each user uploads one small file and downloads it six times through the gateway. With
 * shared storage every download finds it; with each replica's own disk most land on a
 * replica that never saw the upload. A 404 is counted, not failed: it is the figure.
 */
public class FilesSimulation extends Simulation {

	static final int DOWNLOADS = 6;

	static final AtomicLong uploads = new AtomicLong();

	static final AtomicLong downloads = new AtomicLong();

	static final AtomicLong notFound = new AtomicLong();

	ScenarioBuilder users = scenario("files").exec(feed(Users.feeder()))
		.exec(Journeys.login())
		.exec(http("upload").post("/api/files")
			.header("X-XSRF-TOKEN", "#{xsrf}")
			.asMultipartForm()
			.bodyPart(StringBodyPart("file", "notes of #{user}\n").fileName("notes.txt").contentType("text/plain"))
			.check(status().is(201), jsonPath("$.id").saveAs("fileId")))
		.exec((session) -> {
			uploads.incrementAndGet();
			return session;
		})
		.exec(repeat(DOWNLOADS).on(exec(http("download").get("/api/files/#{fileId}")
			.check(status().in(200, 404).saveAs("downloadStatus"))
			// A file that is found must be the one uploaded, byte for byte.
			.checkIf((response, session) -> response.status().code() == 200)
			.then(bodyString().isEL("notes of #{user}\n"))).exec((session) -> {
				downloads.incrementAndGet();
				if (session.getInt("downloadStatus") == 404) {
					notFound.incrementAndGet();
				}
				return session;
			})));

	{
		setUp(users.injectOpen(rampUsers(LoadSettings.users()).during(LoadSettings.ramp())))
			.protocols(Journeys.protocol())
			.assertions(global().failedRequests().count().is(0L));
	}

	@Override
	public void before() {
		// The experiments run one simulation after the other in one JVM.
		uploads.set(0);
		downloads.set(0);
		notFound.set(0);
	}

	@Override
	public void after() {
		long total = downloads.get();
		Figures.write("FilesSimulation",
				Map.of("uploads", uploads.get(), "downloads", total, "notFound", notFound.get(), "notFoundShare",
						(total > 0) ? String.format(Locale.ROOT, "%.0f %%", 100.0 * notFound.get() / total) : "n/a"));
	}

}
