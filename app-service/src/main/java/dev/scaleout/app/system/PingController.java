package dev.scaleout.app.system;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A constant answer that touches no session and no store: measures pure routing cost.
 */
@RestController
class PingController {

	private static final Map<String, String> PONG = Map.of("status", "ok");

	@GetMapping("/api/ping")
	Map<String, String> ping() {
		return PONG;
	}

}
