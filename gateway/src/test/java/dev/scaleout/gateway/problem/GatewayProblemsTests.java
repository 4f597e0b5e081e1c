package dev.scaleout.gateway.problem;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's problem details are JSON whatever their detail says. */
class GatewayProblemsTests {

	@Test
	void aDetailWithQuotesBackslashesAndLineBreaksStaysOneJsonString() {
		String detail = "Instance app-2 said \"no\"\nC:\\tmp\t\u0001";
		JsonNode problem = JsonMapper.builder()
			.build()
			.readTree(new String(GatewayProblems.json(502, "Bad Gateway", detail), StandardCharsets.UTF_8));
		assertThat(problem.path("status").asInt()).isEqualTo(502);
		assertThat(problem.path("title").asString()).isEqualTo("Bad Gateway");
		assertThat(problem.path("detail").asString()).isEqualTo(detail);
	}

}
