package dev.scaleout.gateway.balancing;

import java.util.Arrays;
import java.util.Map;

import dev.scaleout.topology.settings.GatewayKeys;
import dev.scaleout.topology.settings.Pool;
import dev.scaleout.topology.settings.Strategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strategies the topology model (./scaleout, the tests, the experiments) can set are
 * exactly the gateway's, written as the gateway binds them.
 */
class TopologyChoicesTests {

	@ParameterizedTest
	@EnumSource(Strategy.class)
	void everyStrategyTheModelSetsBindsToTheSameStrategy(Strategy strategy) {
		var key = GatewayKeys.pool(Pool.APP).strategy();
		GatewayProperties properties = new Binder(
				new MapConfigurationPropertySource(Map.of(key.property(), key.format(strategy))))
			.bind("gateway", GatewayProperties.class)
			.get();
		assertThat(properties.pools().get("app").strategy().name()).isEqualTo(strategy.name());
	}

	@ParameterizedTest
	@EnumSource(GatewayProperties.Strategy.class)
	void everyStrategyOfTheGatewayCanBeSetByTheModel(GatewayProperties.Strategy strategy) {
		assertThat(Arrays.stream(Strategy.values()).map(Enum::name)).contains(strategy.name());
	}

}
