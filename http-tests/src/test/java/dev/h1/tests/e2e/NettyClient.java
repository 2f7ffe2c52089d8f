package dev.h1.tests.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Netty's own HTTP/1.1 client ({@link HttpClientCodec} + {@link HttpObjectAggregator}) on its own event loop. Each
 * {@link Connection} is one channel: sending several requests on it proves reuse, and its close future shows when the
 * server closed it. Every response is copied and released at once, so no client buffer outlives its read.
 */
final class NettyClient implements AutoCloseable {

    private static final int MAX_CONTENT = 64 * 1024 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    Connection connect(InetSocketAddress address) throws InterruptedException {
        Connection connection = new Connection();
        ChannelFuture connected = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_CONTENT),
                                connection.new Receiver());
                    }
                })
                .connect(address);
        if (!connected.await(5, SECONDS) || !connected.isSuccess()) {
            throw new AssertionError("Netty client could not connect to " + address, connected.cause());
        }
        connection.channel = connected.channel();
        return connection;
    }

    /** A request without body; {@code headers} are name, value, name, value... */
    static FullHttpRequest request(HttpVersion version, HttpMethod method, String uri, String... headers) {
        return request(version, method, uri, new byte[0], headers);
    }

    /** A request with {@code body} and its Content-Length; {@code headers} are name, value, name, value... */
    static FullHttpRequest request(HttpVersion version, HttpMethod method, String uri, byte[] body,
                                   String... headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(version, method, uri, Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        if (body.length > 0 || method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT)) {
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    static FullHttpRequest get(String uri, String... headers) {
        return request(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, headers);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, SECONDS).awaitUninterruptibly(10, SECONDS);
    }

    /** A response as Netty's client decoded and aggregated it, copied out of its buffers. */
    record Received(int status, String reason, String version, List<Map.Entry<String, String>> headers,
                    byte[] body, List<Map.Entry<String, String>> trailers) {

        String header(String name) {
            return headers.stream().filter(field -> field.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One channel to the server. */
    final class Connection implements AutoCloseable {
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private Channel channel;

        /** Writes and flushes {@code request} (the client codec takes ownership of its content). */
        Connection send(FullHttpRequest request) {
            channel.writeAndFlush(request);
            return this;
        }

        /** The next response (a 1xx included, if the client passes it on); fails after 5 s or on a client error. */
        Received next() throws InterruptedException {
            Object next = received.poll(5, SECONDS);
            if (next == null) {
                throw new AssertionError("Netty client: no response within 5 s (channel "
                        + (channel.isActive() ? "open" : "closed") + ")");
            }
            if (next instanceof Throwable failure) {
                throw new AssertionError("Netty client failed", failure);
            }
            return (Received) next;
        }

        /** Whether the server closed this channel within 5 s. */
        boolean awaitClosed() throws InterruptedException {
            return channel.closeFuture().await(5, SECONDS);
        }

        boolean isOpen() {
            return channel.isActive();
        }

        int localPort() {
            return ((InetSocketAddress) channel.localAddress()).getPort();
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }

        private final class Receiver extends SimpleChannelInboundHandler<FullHttpResponse> {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                ByteBuf content = response.content();
                received.add(new Received(response.status().code(), response.status().reasonPhrase(),
                        response.protocolVersion().text(), copy(response.headers().entries()),
                        ByteBufUtil.getBytes(content), copy(response.trailingHeaders().entries())));
            }

            private static List<Map.Entry<String, String>> copy(List<Map.Entry<String, String>> fields) {
                return fields.stream().map(field -> Map.entry(field.getKey(), field.getValue())).toList();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                received.add(cause);
                ctx.close();
            }
        }
    }
}
