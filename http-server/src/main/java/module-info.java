/**
 * h1's HTTP/1.1 server for Netty: {@link dev.h1.server.HttpServer} on its own port, the drop-in
 * {@link dev.h1.server.pipeline.HttpServerInitializer} for an existing pipeline, and the request/response API
 * ({@link dev.h1.server.api}). Only these three packages are exported: the implementation
 * ({@code dev.h1.server.exchange}, {@code dev.h1.server.connection}) and the demo server ({@code dev.h1.server.cli})
 * are not. The codec, whose types appear in the API, is required transitively.
 */
// Named after its principal package, as the JLS recommends; javac's lint would rather the "h1" had no digit.
@SuppressWarnings("module")
module dev.h1.server {
    requires transitive dev.h1.codec;
    requires io.netty.handler;
    // Optional: Transport.AUTO uses io_uring or epoll when their classes are present, and falls back to NIO otherwise.
    requires static io.netty.transport.classes.io_uring;
    requires static io.netty.transport.classes.epoll;
    // Optional: the PROXY protocol decoder, needed only when ConnectionConfig.proxyProtocol() asks for it.
    requires static io.netty.codec.haproxy;

    exports dev.h1.server;
    exports dev.h1.server.api;
    exports dev.h1.server.pipeline;
}
