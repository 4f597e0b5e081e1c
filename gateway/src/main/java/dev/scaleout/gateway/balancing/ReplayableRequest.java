package dev.scaleout.gateway.balancing;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * A request whose (small) body was read once and is handed out afresh to every attempt,
 * so a retry on another instance sends the same bytes.
 */
final class ReplayableRequest extends ServerHttpRequestDecorator {

	private final byte[] body;

	ReplayableRequest(ServerHttpRequest delegate, byte[] body) {
		super(delegate);
		this.body = body;
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(this.body)));
	}

}
