package dev.scaleout.topology.settings;

/** What consistent hashing hashes: {@code gateway.pools.<pool>.hash-key.source}. */
public enum HashSource {

	CLIENT_IP, COOKIE, HEADER

}
