package dev.scaleout.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The launcher's ports: the gateway on 8080 (its actuator 8090), {@code app-N} on 8080+N,
 * the canary 8091, Redis 6379, lock nodes 6380-6382, S3Proxy 9000, with Sentinels the
 * replica 6383 and {@code sentinel-N} on 26378+N, Tribes on 4000+N (the canary 4099).
 * Each can be moved with its {@code SCALEOUT_*_PORT} variable.
 */
public record FixedPorts(int gateway, int gatewayManagement, int redis, int redisReplica, int sentinelBase,
		int lockBase, int appBase, int canary, int objectStore, int tribesBase) implements Ports {

	/**
	 * The environment variables that move the ports, with their defaults, in table order.
	 */
	public static final Map<String, Integer> VARIABLES = variables();

	private static Map<String, Integer> variables() {
		Map<String, Integer> variables = new LinkedHashMap<>();
		variables.put("SCALEOUT_GATEWAY_PORT", 8080);
		variables.put("SCALEOUT_GATEWAY_MANAGEMENT_PORT", 8090);
		variables.put("SCALEOUT_REDIS_PORT", 6379);
		variables.put("SCALEOUT_REDIS_REPLICA_PORT", 6383);
		variables.put("SCALEOUT_SENTINEL_BASE_PORT", 26378);
		variables.put("SCALEOUT_LOCK_BASE_PORT", 6379);
		variables.put("SCALEOUT_APP_BASE_PORT", 8080);
		variables.put("SCALEOUT_CANARY_PORT", 8091);
		variables.put("SCALEOUT_S3_PORT", 9000);
		variables.put("SCALEOUT_TRIBES_BASE_PORT", 4000);
		return Collections.unmodifiableMap(variables);
	}

	public static FixedPorts defaults() {
		return fromEnvironment(Map.of());
	}

	/** The defaults, moved by whichever {@code SCALEOUT_*_PORT} variables are set. */
	public static FixedPorts fromEnvironment(Map<String, String> environment) {
		ToIntFunction<String> port = (variable) -> {
			String value = environment.get(variable);
			if (value == null || value.isBlank()) {
				return VARIABLES.get(variable);
			}
			try {
				int number = Integer.parseInt(value.trim());
				if (number < 1 || number > 65535) {
					throw new NumberFormatException();
				}
				return number;
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(variable + " must be a port number, was '" + value + "'");
			}
		};
		return new FixedPorts(port.applyAsInt("SCALEOUT_GATEWAY_PORT"),
				port.applyAsInt("SCALEOUT_GATEWAY_MANAGEMENT_PORT"), port.applyAsInt("SCALEOUT_REDIS_PORT"),
				port.applyAsInt("SCALEOUT_REDIS_REPLICA_PORT"), port.applyAsInt("SCALEOUT_SENTINEL_BASE_PORT"),
				port.applyAsInt("SCALEOUT_LOCK_BASE_PORT"), port.applyAsInt("SCALEOUT_APP_BASE_PORT"),
				port.applyAsInt("SCALEOUT_CANARY_PORT"), port.applyAsInt("SCALEOUT_S3_PORT"),
				port.applyAsInt("SCALEOUT_TRIBES_BASE_PORT"));
	}

	/**
	 * The value of the port (or base) that {@code variable} of {@link #VARIABLES} moves.
	 */
	public int of(String variable) {
		return switch (variable) {
			case "SCALEOUT_GATEWAY_PORT" -> this.gateway;
			case "SCALEOUT_GATEWAY_MANAGEMENT_PORT" -> this.gatewayManagement;
			case "SCALEOUT_REDIS_PORT" -> this.redis;
			case "SCALEOUT_REDIS_REPLICA_PORT" -> this.redisReplica;
			case "SCALEOUT_SENTINEL_BASE_PORT" -> this.sentinelBase;
			case "SCALEOUT_LOCK_BASE_PORT" -> this.lockBase;
			case "SCALEOUT_APP_BASE_PORT" -> this.appBase;
			case "SCALEOUT_CANARY_PORT" -> this.canary;
			case "SCALEOUT_S3_PORT" -> this.objectStore;
			case "SCALEOUT_TRIBES_BASE_PORT" -> this.tribesBase;
			default -> throw new IllegalArgumentException("no port variable " + variable);
		};
	}

	@Override
	public int sentinel(int n) {
		return this.sentinelBase + n;
	}

	@Override
	public int lockNode(int n) {
		return this.lockBase + n;
	}

	@Override
	public int replica(int n) {
		return this.appBase + n;
	}

	@Override
	public int tribes(int n) {
		return this.tribesBase + n;
	}

	@Override
	public int canaryTribes() {
		return this.tribesBase + 99;
	}

}
