package dev.scaleout.gateway.problem;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The gateway's own answers, as RFC 9457 problem details: written by the edge (routing)
 * and by the balancer alike, so it belongs to neither.
 */
public final class GatewayProblems {

	private GatewayProblems() {
	}

	public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		}
		DataBuffer buffer = response.bufferFactory().wrap(json(status.value(), status.getReasonPhrase(), detail));
		return response.writeWith(Mono.just(buffer));
	}

	public static byte[] json(int status, String title, String detail) {
		String body = "{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status
				+ ",\"detail\":\"" + escape(detail) + "\"}";
		return body.getBytes(StandardCharsets.UTF_8);
	}

	/** A JSON string's content: quotes, backslashes and control characters escaped. */
	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
