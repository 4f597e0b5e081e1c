package dev.scaleout.gateway.balancing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * The balancer's cookie pins a client to the instance that served it first, as cloud load
 * balancers do. When that instance is unavailable the client is re-pinned elsewhere and
 * the cookie rewritten: what the instance kept in memory for this client is lost.
 */
public class StickyStrategy implements BalancingStrategy {

	private final String cookie;

	private final RoundRobinStrategy firstChoice = new RoundRobinStrategy();

	public StickyStrategy(String cookie) {
		this.cookie = cookie;
	}

	@Override
	public Choice choose(List<Instance> candidates, ServerWebExchange exchange) {
		HttpCookie pinned = exchange.getRequest().getCookies().getFirst(this.cookie);
		if (pinned != null) {
			for (Instance instance : candidates) {
				if (value(instance).equals(pinned.getValue())) {
					return new Choice(instance, () -> "pinned to it by the " + this.cookie + " cookie");
				}
			}
		}
		Choice first = this.firstChoice.choose(candidates, exchange);
		String why = (pinned != null) ? "its " + this.cookie + " cookie names an instance not available; pinned anew, "
				: "no " + this.cookie + " cookie yet; pinned now, ";
		return new Choice(first.instance(), () -> why + first.why());
	}

	@Override
	public void chosen(Instance instance, ServerWebExchange exchange) {
		HttpCookie pinned = exchange.getRequest().getCookies().getFirst(this.cookie);
		String value = value(instance);
		if (pinned == null || !pinned.getValue().equals(value)) {
			exchange.getResponse()
				.addCookie(ResponseCookie.from(this.cookie, value)
					.httpOnly(true)
					.sameSite("Lax")
					.path("/")
					.maxAge(Duration.ofHours(8))
					.build());
		}
	}

	static String value(Instance instance) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(instance.url().getAuthority().getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public boolean allowsSlowStart() {
		return false;
	}

}
