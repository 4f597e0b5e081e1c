package dev.scaleout.gateway.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

/**
 * One of the two tries of a hedged request: the request as it is, but attributes and a
 * response of its own, so that two tries can run through the routing filters at once
 * without writing over each other. The try that is answered first hands its status,
 * headers, cookies and attributes (the replica's connection among them) to the real
 * exchange, whose response filter then streams the body; the other is cancelled, or
 * discarded with its connection if it was answered too.
 */
final class HedgedTry extends ServerWebExchangeDecorator {

	private final Map<String, Object> attributes;

	private final Detached response;

	private final boolean hedge;

	HedgedTry(ServerWebExchange exchange, boolean hedge) {
		super(exchange);
		this.attributes = new ConcurrentHashMap<>(exchange.getAttributes());
		this.response = new Detached(exchange.getResponse());
		this.hedge = hedge;
	}

	/** The second try, sent after the hedging delay to another replica. */
	boolean isHedge() {
		return this.hedge;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public ServerHttpResponse getResponse() {
		return this.response;
	}

	/** This try was answered first: the real exchange takes its answer. */
	Mono<Void> handTo(ServerWebExchange exchange) {
		ServerHttpResponse real = exchange.getResponse();
		if (this.response.getStatusCode() != null) {
			real.setStatusCode(this.response.getStatusCode());
		}
		real.getHeaders().addAll(this.response.getHeaders());
		this.response.getCookies().values().forEach((cookies) -> cookies.forEach(real::addCookie));
		exchange.getAttributes().putAll(this.attributes);
		if (this.attributes.containsKey(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR)) {
			// Proxied: the body is still in the replica's connection, for the response
			// filter to stream.
			return Mono.empty();
		}
		// The gateway's own answer (a problem): its body was written here.
		return real.writeWith(Flux.fromIterable(this.response.body));
	}

	/**
	 * The other try was answered first: this one's answer is dropped, connection and all.
	 */
	void discard() {
		Connection connection = (Connection) this.attributes.get(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
		if (connection != null) {
			connection.dispose();
		}
		this.response.body.forEach(DataBufferUtils::release);
		this.response.body.clear();
	}

	/** A response that keeps what is written to it, until one try is chosen. */
	private static final class Detached extends AbstractServerHttpResponse {

		private final List<DataBuffer> body = new ArrayList<>();

		Detached(ServerHttpResponse real) {
			super(real.bufferFactory());
		}

		@Override
		public <T> T getNativeResponse() {
			throw new IllegalStateException("A hedged try has no connection to its client of its own");
		}

		@Override
		protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
			return Flux.from(body).doOnNext(this::keep).then();
		}

		@Override
		protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return Flux.from(body).concatMap(Flux::from).doOnNext(this::keep).then();
		}

		private synchronized void keep(DataBuffer buffer) {
			this.body.add(buffer);
		}

		@Override
		protected void applyStatusCode() {
		}

		@Override
		protected void applyHeaders() {
		}

		@Override
		protected void applyCookies() {
		}

	}

}
