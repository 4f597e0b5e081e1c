package dev.scaleout.loadtests.experiments;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.scaleout.loadtests.experiments.OpenLoad.Recording;
import dev.scaleout.loadtests.experiments.OpenLoad.Request;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart is well-formed SVG with a line per fleet in each panel. */
class RampChartTests {

	@Test
	void eachFleetGetsAReplicasLineAndALatencyLineInAWellFormedSvg() throws Exception {
		List<RampRun> runs = new ArrayList<>();
		for (String label : List.of("2 fixed replicas", "--autoscale 2..6 <&>")) {
			List<Request> requests = new ArrayList<>();
			List<FleetWatch.Sample> fleet = new ArrayList<>();
			for (long at = 0; at < 70_000; at += 500) {
				requests.add(new Request(at, 100 + at / 100, 200));
				fleet.add(new FleetWatch.Sample(at, (at < 20_000) ? Set.of("app-1", "app-2") : Set.of("app-1")));
			}
			runs.add(new RampRun(label, 2, new Recording(RampRunTests.PHASES, requests), fleet, "app-2", 30_000,
					RampRunTests.USERS));
		}

		String svg = RampChart.svg("Replicas & p99", runs);

		Document document = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
		assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
		assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(4);
		assertThat(svg).contains("--autoscale 2..6 &lt;&amp;&gt;", "SIGKILL app-2", ">hold<", ">ramp up<");
	}

}
