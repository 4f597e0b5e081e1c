package dev.scaleout.topology.cli;

import java.util.List;
import java.util.Map;

import dev.scaleout.topology.FixedPorts;
import dev.scaleout.topology.ObjectStore;

/** What {@code ./scaleout help} and {@code ./scaleout COMMAND --help} print. */
public final class Usage {

	/**
	 * The experiments {@code ./scaleout experiment} runs, in the order {@code all} runs
	 * them (load-tests checks its runner against this list).
	 */
	public static final List<String> EXPERIMENTS = List.of("sessions", "session-race", "session-flood", "failover",
			"oversell", "files", "lb", "hash", "store-failover", "cluster-cost", "autoscale", "gateway-cpu", "edge");

	static final Map<String, String> COMMANDS = Map.ofEntries(Map.entry("up", """
			  up [--replicas N] [--session redis|jwt|memory|cluster] [--replication all-to-all|primary-backup]
			     [--lb STRATEGY] [--guard redlock|rlock|fenced|atomic|none] [--storage s3|local] [--slow NAME=DELAY]
			     [--errors NAME=PERCENT] [--hedge DELAY|none] [--weights NAME=W,...] [--ha] [--canary on|off]
			     [--autoscale MIN..MAX|off] [--capacity AT_ONCE@DELAY|none]
			                 start Redis, the lock nodes, S3Proxy, app-1..app-N, app-canary and the gateway
			                 (http://localhost:8080); returns when all are ready. Harmless on a running topology.
			                 --ha: the session store as primary (redis) + replica (redis-replica) watched by
			                 sentinel-1..3; replicas and gateway find the primary through the Sentinels
			                 STRATEGY: round-robin (default), weighted, least-requests, p2c-ewma (two random
			                 picks, the one with the lower latency x in-flight), consistent-hash, sticky,
			                 modular-hash (hash mod N, only to compare with consistent-hash)
			                 --session cluster keeps sessions in the replicas' memory, replicated by Tomcat's
			                 session clustering: --replication all-to-all (every replica holds every session,
			                 the default) or primary-backup (owner plus one backup)
			                 --storage local keeps uploads on each replica's own disk (to watch them go missing)
			                 --slow app-3=100ms delays every /api request of app-3 (app.chaos.latency); none
			                 --errors app-3=20%: app-3 answers a fifth of its /api requests, at random, with a
			                 500 while its health checks pass (a gray failure, app.chaos.errors); none
			                 --hedge 50ms: a GET not answered in 50 ms goes again to another replica, the first
			                 answer wins, within the retry budget (gateway.retry.hedging); none: off
			                 --weights app-1=3,app-2=3 for --lb weighted (others weigh 1)
			                 --autoscale 2..6: a supervisor (process 'autoscaler', log: ./scaleout logs
			                 autoscaler) replaces any replica that dies and scales MIN..MAX on the requests in
			                 flight per replica (target 4; the HPA's rule, scale-down window 20 s); off: stop it
			                 --capacity 8@100ms: every replica works on at most 8 /api requests at once, 100 ms
			                 each (80/s), the others wait (app.chaos): load that outgrows a fleet, to watch
			                 --autoscale react without burning the machine's cores; none: no limit
			                 --canary off runs no app-canary (its pool stays empty): with --session cluster,
			                 the members are then app-1..N only, as experiment cluster-cost needs
			                 Options are remembered (.scaleout/settings) until down.
			"""), Map.entry("status", """
			  status         a table of every process: name, pid, port, ready, and how the gateway sees each
			                 replica (healthy, ejected, unhealthy; draining)
			"""), Map.entry("kill", """
			  kill NAME      SIGKILL one process (e.g. app-2): a crash; with --ha, redis-primary names whichever
			                 of redis and redis-replica is the primary right now
			"""), Map.entry("stop", """
			  stop NAME      SIGTERM one process: a graceful shutdown
			"""), Map.entry("start", """
			  start NAME     start one stopped process again with the topology's settings
			"""), Map.entry("scale", """
			  scale N        run N app replicas (the gateway picks the change up by itself)
			"""), Map.entry("logs", """
			  logs NAME      follow a process's log (.scaleout/logs/NAME.log)
			"""), Map.entry("port", """
			  port NAME      print the port NAME listens on, e.g. for scripts: ./scaleout port app-1
			"""), Map.entry("url", """
			  url NAME       print the address of an HTTP process: ./scaleout url gateway → http://127.0.0.1:8080
			"""), Map.entry("down", """
			  down           stop everything this script started (SIGTERM, SIGKILL after 30 s) and forget the settings
			"""), Map.entry("experiment", """
			  experiment NAME  run a trade-off as numbers: %s, all
			                 (replaces the running topology; see ./scaleout experiment help)
			""".formatted(String.join(", ", EXPERIMENTS))), Map.entry("help", """
			  help           this text
			"""));

	private static final List<String> ORDER = List.of("up", "status", "kill", "stop", "start", "scale", "logs", "port",
			"url", "down", "experiment", "help");

	private Usage() {
	}

	static String all() {
		StringBuilder text = new StringBuilder(
				"Usage: ./scaleout COMMAND [options]      (./scaleout COMMAND --help: one command)\n\n");
		ORDER.forEach((command) -> text.append(COMMANDS.get(command)));
		return text.append('\n').append(requirements()).toString();
	}

	static String of(String command) {
		return "Usage: ./scaleout " + COMMANDS.get(command).stripLeading() + "\n" + requirements();
	}

	/** The port table, from the ports themselves. */
	private static String requirements() {
		FixedPorts ports = FixedPorts.defaults();
		return "Needs JDK 17+ and redis-server on PATH. Ports: gateway " + ports.gateway() + " (its actuator "
				+ ports.gatewayManagement() + "), app-N " + ports.appBase() + "+N,\napp-canary " + ports.canary()
				+ ", Redis " + ports.redis() + ", lock nodes redis-lock-1..3 on " + ports.lockNode(1) + "-"
				+ ports.lockNode(3) + ", s3proxy " + ports.objectStore() + "; with --ha redis-replica "
				+ ports.redisReplica() + "\nand sentinel-1..3 on " + ports.sentinel(1) + "-" + ports.sentinel(3)
				+ "; with --session cluster Tribes " + ports.tribesBase() + "+N (app-canary " + ports.canaryTribes()
				+ ")\n(override with SCALEOUT_*_PORT variables). Credentials of S3Proxy: " + ObjectStore.ACCESS_KEY
				+ " / " + ObjectStore.SECRET_KEY + ".\n";
	}

}
