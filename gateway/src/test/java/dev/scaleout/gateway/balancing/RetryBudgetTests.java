package dev.scaleout.gateway.balancing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	@Test
	void retriesInFlightAreAShareOfTheRequestsInFlightWithAFloor() {
		RetryBudget budget = new RetryBudget(new GatewayProperties.Budget(true, 20, 3));
		for (int i = 0; i < 50; i++) {
			budget.requestStarted();
		}
		int granted = 0;
		while (budget.tryStartRetry()) {
			granted++;
		}
		assertThat(granted).isEqualTo(10);
		budget.retryEnded();
		assertThat(budget.tryStartRetry()).isTrue();

		RetryBudget quiet = new RetryBudget(new GatewayProperties.Budget(true, 20, 3));
		quiet.requestStarted();
		assertThat(quiet.tryStartRetry()).isTrue();
		assertThat(quiet.tryStartRetry()).isTrue();
		assertThat(quiet.tryStartRetry()).isTrue();
		assertThat(quiet.tryStartRetry()).isFalse();
	}

	@Test
	void turnedOffItGrantsEveryRetry() {
		RetryBudget storm = new RetryBudget(new GatewayProperties.Budget(false, 20, 3));
		for (int i = 0; i < 100; i++) {
			assertThat(storm.tryStartRetry()).isTrue();
		}
	}

}
