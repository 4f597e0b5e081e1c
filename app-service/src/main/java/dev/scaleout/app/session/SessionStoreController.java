package dev.scaleout.app.session;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the session store costs now, for the dashboard. Public as the dashboard is: it
 * tells counts and bytes, never a session's id or content.
 */
@RestController
class SessionStoreController {

	private final SessionStoreUsageConfig.CachedUsage usage;

	SessionStoreController(SessionStoreUsageConfig.CachedUsage usage) {
		this.usage = usage;
	}

	@GetMapping("/api/session-store")
	SessionStoreUsage usage() {
		return this.usage.read();
	}

}
