package dev.scaleout.topology.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.scaleout.topology.local.LocalTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's command line, without starting anything. */
class MainTests {

	@TempDir
	Path state;

	final ByteArrayOutputStream out = new ByteArrayOutputStream();

	final ByteArrayOutputStream err = new ByteArrayOutputStream();

	int run(String... args) {
		return run(Map.of(), args);
	}

	int run(Map<String, String> environment, String... args) {
		Main main = new Main(new LocalTopology(this.state, environment),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
		return main.run(List.of(args));
	}

	String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void helpListsEveryCommandAndThePortsFromThePortTable() {
		assertThat(run("help")).isZero();
		for (String command : List.of("up", "status", "kill", "stop", "start", "scale", "logs", "port", "url", "down",
				"experiment", "help")) {
			assertThat(out()).contains("\n  " + command + " ");
		}
		assertThat(out()).contains("gateway 8080 (its actuator 8090)", "lock nodes redis-lock-1..3 on 6380-6382",
				"sentinel-1..3 on 26379-26381", "Tribes 4000+N (app-canary 4099)");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "up", "status", "kill", "stop", "start", "scale", "logs", "port", "url", "down", "experiment" })
	void everyCommandHasItsOwnHelp(String command) {
		assertThat(run(command, "--help")).isZero();
		assertThat(out()).startsWith("Usage: ./scaleout " + command);
	}

	@Test
	void anUnknownCommandPrintsTheUsageAndFailsWithTwo() {
		assertThat(run("deploy")).isEqualTo(2);
		assertThat(err()).startsWith("Usage: ./scaleout COMMAND");
	}

	@Test
	void portsAndAddressesComeFromTheModel() {
		assertThat(run("port", "app-2")).isZero();
		assertThat(out()).isEqualTo("8082\n");
		this.out.reset();
		assertThat(run(Map.of("SCALEOUT_GATEWAY_PORT", "18080"), "url", "gateway")).isZero();
		assertThat(out()).as("nothing remembered: the defaults, moved by the variables")
			.isEqualTo("http://127.0.0.1:18080\n");
	}

	@Test
	void badOptionsOfUpAreRefusedBeforeAnythingStarts() {
		assertThat(run("up", "--replicas", "0")).isEqualTo(1);
		assertThat(err()).isEqualTo("scaleout: --replicas must be 1..99, was '0'\n");
		this.err.reset();
		assertThat(run("up", "--session", "cookie")).isEqualTo(1);
		assertThat(err()).isEqualTo("scaleout: --session must be redis, jwt, memory or cluster, was 'cookie'\n");
		this.err.reset();
		assertThat(run("up", "--fast")).isEqualTo(1);
		assertThat(err()).contains("unknown option '--fast'");
		this.err.reset();
		assertThat(run("up", "--lb")).isEqualTo(1);
		assertThat(err()).contains("--lb needs a strategy");
	}

	@Test
	void autoscalingTakesARangeThatFitsThePortTable() {
		assertThat(run("up", "--autoscale", "6..2")).isEqualTo(1);
		assertThat(err()).contains("MIN <= MAX");
		this.err.reset();
		assertThat(run("up", "--autoscale", "lots")).isEqualTo(1);
		assertThat(err()).contains("--autoscale needs MIN..MAX, e.g. 2..6, was 'lots'");
		this.err.reset();
		assertThat(run("up", "--autoscale", "2..10")).isEqualTo(1);
		assertThat(err()).contains("app-10 and the gateway's actuator would both listen on 8090");
	}

	@Test
	void tenReplicasWouldCollideWithTheGatewaysActuator() {
		assertThat(run("up", "--replicas", "10")).isEqualTo(1);
		assertThat(err()).contains("app-10 and the gateway's actuator would both listen on 8090");
	}

	@Test
	void signalsNeedARunningProcessOfTheTopology() {
		assertThat(run("kill", "app-2")).isEqualTo(1);
		assertThat(err()).isEqualTo("scaleout: app-2 is not running (or was not started by ./scaleout)\n");
		this.err.reset();
		assertThat(run("stop", "postgres")).isEqualTo(1);
		assertThat(err()).contains("unknown process 'postgres'");
		this.err.reset();
		assertThat(run("kill", "redis-primary")).isEqualTo(1);
		assertThat(err()).contains("redis-primary exists only with ./scaleout up --ha");
		this.err.reset();
		assertThat(run("kill")).isEqualTo(1);
		assertThat(err()).contains("give one process name");
	}

	@Test
	void statusListsEveryProcessOfTheTopologyEvenWhenNothingRuns() {
		assertThat(run("status")).isZero();
		assertThat(out().lines().map((line) -> line.split("\\s+")[0]).toList()).containsExactly("NAME", "redis",
				"redis-lock-1", "redis-lock-2", "redis-lock-3", "s3proxy", "app-1", "app-2", "app-3", "app-canary",
				"gateway");
		assertThat(out()).contains("app-2          -        8082   no");
	}

}
