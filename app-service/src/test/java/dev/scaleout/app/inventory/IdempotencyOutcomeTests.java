package dev.scaleout.app.inventory;

import java.util.List;

import dev.scaleout.app.inventory.IdempotencyStore.Outcome;
import dev.scaleout.app.inventory.IdempotencyStore.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome of a key as stored: the text two versions of the app must read alike. */
class IdempotencyOutcomeTests {

	@Test
	void eachOutcomeIsReadBackAsItWasWritten() {
		for (Outcome outcome : List.of(Outcome.pending("KB-101x2"), Outcome.confirmed("KB-101x2", "order-1"),
				Outcome.outOfStock("KB-101x2,MS-102x1", List.of("KB-101", "MS-102")))) {
			assertThat(Outcome.parse(outcome.format())).isEqualTo(outcome);
		}
	}

	@Test
	void theStoredTextKeepsItsFormat() {
		assertThat(Outcome.pending("KB-101x2").format()).isEqualTo("PENDING|KB-101x2|");
		assertThat(Outcome.confirmed("KB-101x2", "order-1").format()).isEqualTo("CONFIRMED|KB-101x2|order-1");
		assertThat(Outcome.parse("SHORT|KB-101x2|KB-101,MS-102").shortSkus()).containsExactly("KB-101", "MS-102");
		// What versions before the typed outcome wrote when they claimed a key.
		assertThat(Outcome.parse("PENDING|KB-101x2")).isEqualTo(Outcome.pending("KB-101x2"));
	}

	@Test
	void aStateThisVersionDoesNotKnowReadsAsPending() {
		Outcome later = Outcome.parse("REFUNDED|KB-101x2|order-1");
		assertThat(later.state()).isEqualTo(State.PENDING);
		assertThat(later.cart()).isEqualTo("KB-101x2");
		assertThat(later.shortSkus()).isEmpty();
	}

}
