package dev.scaleout.gateway.routing;

import java.net.URI;
import java.net.URISyntaxException;

import dev.scaleout.gateway.problem.GatewayProblems;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Requests that never reach Spring (headers over the limit, a request line too long, a
 * URI that is not one) answered as problem details instead of Reactor Netty's empty
 * responses. Sits right after the HTTP codec; the connection is closed after the answer,
 * and the rest of the refused request is dropped.
 */
class CodecProblems extends ChannelInboundHandlerAdapter {

	private boolean refused;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.refused) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			FullHttpResponse refusal = refusal(request);
			if (refusal != null) {
				this.refused = true;
				ReferenceCountUtil.release(msg);
				ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
				return;
			}
		}
		ctx.fireChannelRead(msg);
	}

	private static FullHttpResponse refusal(HttpRequest request) {
		DecoderResult result = request.decoderResult();
		if (result.isFailure()) {
			Throwable cause = result.cause();
			if (cause instanceof TooLongHttpHeaderException) {
				return problem(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
						"The request headers are larger than the limit (16 KB).");
			}
			if (cause instanceof TooLongHttpLineException) {
				return problem(HttpResponseStatus.REQUEST_URI_TOO_LONG, "The request line is too long.");
			}
			return problem(HttpResponseStatus.BAD_REQUEST, "The request is not valid HTTP/1.1.");
		}
		try {
			new URI(request.uri());
			return null;
		}
		catch (URISyntaxException ex) {
			return problem(HttpResponseStatus.BAD_REQUEST,
					"The request URI is not valid: percent-encode reserved characters and use only valid escapes.");
		}
	}

	private static FullHttpResponse problem(HttpResponseStatus status, String detail) {
		byte[] body = GatewayProblems.json(status.code(), status.reasonPhrase(), detail);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
			.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
		SecurityHeadersFilter.COMMON.forEach(response.headers()::set);
		return response;
	}

}
