package dev.scaleout.loadtests.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.TopologySpec;
import dev.scaleout.topology.local.LocalSettings;
import dev.scaleout.topology.process.FreePorts;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * What a proxied request costs in CPU: HAProxy, a plain Spring Cloud Gateway route to one
 * replica, and this project's balancer over three, for each gateway JVM and transport,
 * side by side in one run on the same replicas. wrk drives {@code GET /api/ping} over
 * keep-alive connections; the proxy's CPU (user + system, {@code /proc/PID/stat}) over
 * the run, divided by the requests wrk saw answered, is its cost per request.
 */
final class GatewayCpuExperiment implements Experiment {

	/**
	 * A plain route in the same gateway process: no balancer of ours, no edge filters, to
	 * one replica (the canary). Spring Cloud Gateway's own global filters still run.
	 */
	static final String PLAIN_PREFIX = "/plain";

	/**
	 * Sends a request through the balancer to the canary pool, whose one replica the
	 * plain route goes to as well: the balancer's own cost, on the same backend.
	 */
	static final String CANARY_COOKIE = "Cookie: canary=always";

	private static final String C1 = "-XX:TieredStopAtLevel=1";

	private static final String C2 = "-XX:TieredStopAtLevel=4";

	/** Observations and global filters the gateway's routes never use. */
	static final List<String> LEAN = List.of("-Dmanagement.observations.enable.http.server.requests=false",
			"-Dspring.cloud.gateway.server.webflux.observability.enabled=false",
			"-Dspring.cloud.gateway.server.webflux.global-filter.adapt-cached-body.enabled=false",
			"-Dspring.cloud.gateway.server.webflux.global-filter.remove-cached-body.enabled=false",
			"-Dspring.cloud.gateway.server.webflux.global-filter.forward-routing.enabled=false",
			"-Dspring.cloud.gateway.server.webflux.global-filter.forward-path.enabled=false",
			"-Dspring.cloud.gateway.server.webflux.global-filter.local-response-cache.enabled=false",
			"-Dspring.cloud.gateway.server.webflux.global-filter.load-balancer-client.enabled=false",
			"-Dspring.cloud.gateway.server.webflux.global-filter.reactive-load-balancer-client.enabled=false");

	/** One gateway JVM: a row. */
	record Variant(String name, List<String> options) {

		static Variant of(String name, String... options) {
			return new Variant(name, List.of(options));
		}

		Variant with(List<String> more) {
			List<String> all = new ArrayList<>(this.options);
			all.addAll(more);
			return new Variant(this.name, all);
		}

	}

	static final List<Variant> VARIANTS = List.of(
			Variant.of("C1 only, NIO (the launcher's gateway until 2026-12-02)", C1, "-Dgateway.transport=nio"),
			Variant.of("C2, NIO", C2, "-Dgateway.transport=nio"),
			Variant.of("C2, epoll", C2, "-Dgateway.transport=epoll"),
			Variant.of("C2, io_uring", C2, "-Dgateway.transport=io_uring"),
			Variant.of("C2, epoll, unused observations and global filters off", C2, "-Dgateway.transport=epoll")
				.with(LEAN));

	/** One target measured: its throughput and its CPU per answered request. */
	record Measure(Wrk.Result load, Duration cpu) {

		double microsPerRequest() {
			return (this.load.requests() == 0) ? Double.NaN : this.cpu.toNanos() / 1e3 / this.load.requests();
		}

	}

	/**
	 * @param plain the plain route to the canary
	 * @param oneReplica the balancer to the canary pool (the same replica)
	 * @param gateway the balancer over the three replicas HAProxy balances
	 */
	record Row(Variant variant, Measure haproxy, Measure plain, Measure oneReplica, Measure gateway) {

		/** The gateway's CPU per request over HAProxy's. */
		double cpuRatio() {
			return this.gateway.microsPerRequest() / this.haproxy.microsPerRequest();
		}

		double throughputRatio() {
			return this.gateway.load().perSecond() / this.haproxy.load().perSecond();
		}

		/**
		 * What the balancer adds over the plain route to the same replica, in percent of
		 * the plain route's CPU per request.
		 */
		double balancerOverheadPercent() {
			return 100 * (this.oneReplica.microsPerRequest() / this.plain.microsPerRequest() - 1);
		}

		long errors() {
			return this.haproxy.load().errors() + this.plain.load().errors() + this.oneReplica.load().errors()
					+ this.gateway.load().errors();
		}

	}

	@Override
	public String name() {
		return "gateway-cpu";
	}

	@Override
	public String summary() {
		return "CPU per proxied GET /api/ping: HAProxy vs a plain Spring Cloud Gateway route vs the balancer, for\n"
				+ "the gateway with C1 or C2 and on NIO, epoll or io_uring (needs wrk and haproxy)";
	}

	@Override
	public Table run(Lab lab) {
		Machine.requirePrograms(name(), "wrk", "haproxy");
		Duration measured = Duration.ofSeconds(lab.number("EXPERIMENT_CPU_SECONDS", 10));
		int connections = lab.number("EXPERIMENT_CONNECTIONS", 32);
		LocalSettings base = lab.local().defaults();
		int plainTarget = lab.local()
			.topology(base)
			.canary()
			.orElseThrow(() -> new IllegalStateException("the plain route needs the canary replica"))
			.port();
		int haproxyPort = FreePorts.next();
		List<String> plainRoute = List.of("-Dspring.cloud.gateway.server.webflux.routes[0].id=plain",
				"-Dspring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:" + plainTarget,
				"-Dspring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=" + PLAIN_PREFIX + "/**",
				"-Dspring.cloud.gateway.server.webflux.routes[0].filters[0]=StripPrefix=1");
		List<Row> rows = new ArrayList<>();
		for (Variant variant : VARIANTS) {
			Topology topology = lab.up("(gateway: " + String.join(" ", variant.options()) + ")",
					(settings) -> settings.gatewayJavaOptions(variant.with(plainRoute).options()));
			long gatewayPid = topology.gateway().node().pid().orElseThrow();
			String gateway = topology.gateway().url();
			List<Integer> replicaPorts = topology.replicas().stream().map(Node::port).toList();
			try (HaProxy haproxy = HaProxy.start(lab.out().resolve("gateway-cpu"), haproxyPort, replicaPorts)) {
				// Warm-up: C2 compiles the hot paths before anything is measured.
				lab.log("warm-up: 20 s through the balancer, 10 s the plain route and the canary pool, 5 s HAProxy");
				Wrk.run(gateway + "/api/ping", connections, Duration.ofSeconds(20));
				Wrk.run(gateway + PLAIN_PREFIX + "/api/ping", connections, Duration.ofSeconds(10));
				Wrk.run(gateway + "/api/ping", connections, Duration.ofSeconds(10), CANARY_COOKIE);
				Wrk.run(haproxy.url("/api/ping"), connections, Duration.ofSeconds(5));
				Measure viaHaproxy = measure(haproxy.pid(), haproxy.url("/api/ping"), connections, measured);
				Measure plain = measure(gatewayPid, gateway + PLAIN_PREFIX + "/api/ping", connections, measured);
				Measure oneReplica = measure(gatewayPid, gateway + "/api/ping", connections, measured, CANARY_COOKIE);
				Measure balanced = measure(gatewayPid, gateway + "/api/ping", connections, measured);
				Row row = new Row(variant, viaHaproxy, plain, oneReplica, balanced);
				lab.log(String.format(Locale.ROOT,
						"%s: HAProxy %.0f/s %.0f µs, plain %.0f/s %.0f µs, balancer to it %.0f/s %.0f µs, "
								+ "balancer over 3 %.0f/s %.0f µs per request",
						variant.name(), viaHaproxy.load().perSecond(), viaHaproxy.microsPerRequest(),
						plain.load().perSecond(), plain.microsPerRequest(), oneReplica.load().perSecond(),
						oneReplica.microsPerRequest(), balanced.load().perSecond(), balanced.microsPerRequest()));
				rows.add(row);
			}
		}
		lab.down();
		List<Column<Row>> columns = List
			.of(column("gateway JVM", (row) -> row.variant().name()),
					column("HAProxy req/s", (row) -> new Cell.Decimal(row.haproxy().load().perSecond(), 0)),
					column("HAProxy µs CPU/req", (row) -> new Cell.Decimal(row.haproxy().microsPerRequest(), 0)),
					column("plain route req/s", (row) -> new Cell.Decimal(row.plain().load().perSecond(), 0)),
					column("plain route µs CPU/req", (row) -> new Cell.Decimal(row.plain().microsPerRequest(), 0)),
					column("balancer, same replica, µs CPU/req",
							(row) -> new Cell.Decimal(row.oneReplica().microsPerRequest(), 0)),
					column("balancer over 3 req/s", (row) -> new Cell.Decimal(row.gateway().load().perSecond(), 0)),
					column("balancer over 3 µs CPU/req",
							(row) -> new Cell.Decimal(row.gateway().microsPerRequest(), 0)),
					column("CPU ÷ HAProxy", (row) -> new Cell.Decimal(row.cpuRatio(), 1)),
					column("req/s ÷ HAProxy", (row) -> new Cell.Decimal(row.throughputRatio(), 2)),
					column("balancer over plain route (same replica)",
							(row) -> new Cell.Percent(row.balancerOverheadPercent(), 0)),
					column("errors", Row::errors));
		return Table.of(name(), "CPU per proxied request, GET /api/ping over " + connections
				+ " keep-alive connections (wrk -t2), " + measured.toSeconds() + " s per target after a warm-up",
				columns, rows,
				"Same three replicas (./scaleout's JVM options) for every row; HAProxy round robin over them; the "
						+ "plain route (" + PLAIN_PREFIX + "/**, StripPrefix=1) goes to the canary replica only, "
						+ "without this project's balancer or edge filters; \"balancer, same replica\" is /api/ping "
						+ "with the cookie canary=always, through the balancer to the canary pool (that one "
						+ "replica): the balancer's own cost is the difference. CPU is the proxy process's user + system time over "
						+ "the run (/proc/PID/stat) divided by the requests wrk saw answered; wrk, the replicas and "
						+ "the proxies share the same cores. ./scaleout's gateway runs "
						+ String.join(" ", TopologySpec.DEFAULT_GATEWAY_JAVA_OPTIONS)
						+ " on io_uring (epoll where seccomp refuses io_uring).");
	}

	private static Measure measure(long pid, String url, int connections, Duration duration, String... headers) {
		Duration before = ProcessCpu.of(pid);
		Wrk.Result load = Wrk.run(url, connections, duration, headers);
		return new Measure(load, ProcessCpu.of(pid).minus(before));
	}

}
