package dev.scaleout.topology.settings;

/** How the gateway picks an instance of a pool: {@code gateway.pools.<pool>.strategy}. */
public enum Strategy {

	ROUND_ROBIN, WEIGHTED, LEAST_REQUESTS, CONSISTENT_HASH, MODULAR_HASH, STICKY, P2C_EWMA

}
