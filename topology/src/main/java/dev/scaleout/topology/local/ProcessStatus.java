package dev.scaleout.topology.local;

import java.util.Optional;
import java.util.OptionalLong;

import dev.scaleout.topology.gateway.InstanceView;

/**
 * One line of {@code ./scaleout status}.
 *
 * @param role with {@code --ha}, a data node's own answer to ROLE ({@code master},
 * {@code slave})
 * @param instance a replica as the gateway sees it, when the gateway answers
 */
public record ProcessStatus(String name, OptionalLong pid, int port, boolean ready, Optional<String> role,
		Optional<InstanceView> instance) {
}
