package dev.h1.server.testing;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * h1's pipeline on Netty's in-process local transport: a real event-loop thread and no sockets, for tests of calls
 * from other threads (an {@code EmbeddedChannel}'s event loop claims every thread as its own). One exchange per
 * {@link #exchange} call; {@link #close()} stops the server and its event loop.
 */
public final class LocalServer implements AutoCloseable {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private Channel server;

    /**
     * Serves {@code handler} with {@code config} (its Date fixed, see {@link EmbeddedServer#withFixedDate}) and sends
     * {@code request}; completes with every byte received once the server closed the connection.
     */
    public CompletableFuture<String> exchange(ConnectionConfig config, RequestHandler handler, String request)
            throws Exception {
        return exchange(config, handler, request, null);
    }

    /**
     * {@link #exchange(ConnectionConfig, RequestHandler, String)} with {@code first}, unless null, added before h1's
     * handlers: next to the transport, as a TLS or logging handler would be.
     */
    public CompletableFuture<String> exchange(ConnectionConfig config, RequestHandler handler, String request,
                                              ChannelHandler first) throws Exception {
        LocalAddress address = new LocalAddress("local-server-" + ADDRESSES.incrementAndGet());
        ConnectionConfig fixed = EmbeddedServer.withFixedDate(config);
        ChannelFuture bound = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (first != null) {
                            ch.pipeline().addLast(first);
                        }
                        HttpServerInitializer.install(ch.pipeline(), fixed, handler);
                    }
                })
                .bind(address);
        bound.get(5, TimeUnit.SECONDS);
        server = bound.channel();

        CompletableFuture<String> received = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        ChannelFuture connected = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf bytes = (ByteBuf) msg;
                        text.append(bytes.toString(StandardCharsets.ISO_8859_1));
                        bytes.release();
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        received.complete(text.toString());
                    }
                })
                .connect(address);
        connected.get(5, TimeUnit.SECONDS);
        connected.channel().writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1))
                .get(5, TimeUnit.SECONDS);
        return received;
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close().get(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
    }
}
