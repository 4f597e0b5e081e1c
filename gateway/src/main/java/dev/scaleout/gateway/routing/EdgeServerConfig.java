package dev.scaleout.gateway.routing;

import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's HTTP server: problem details also for requests refused by the codec (see
 * {@link CodecProblems}). Built by hand because Boot has no property for it.
 */
@Configuration(proxyBeanMethods = false)
class EdgeServerConfig {

	@Bean
	NettyServerCustomizer codecProblems() {
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, "scaleout.codecProblems", new CodecProblems());
			}
		});
	}

}
