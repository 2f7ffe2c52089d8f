package dev.h1.tests.tls;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.pipeline.ConnectionGroup;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * h1 behind TLS, as an application sets it up: a {@code ServerBootstrap} of the test's own (NIO, one accept and one
 * I/O thread, 127.0.0.1, an ephemeral port) whose child pipeline is Netty's {@code SslHandler}, a recorder of the
 * message types written to it, then h1's drop-in handlers, tracked by a {@link ConnectionGroup}:
 * <pre>
 * ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc()));
 * ch.pipeline().addLast("written", written);
 * HttpServerInitializer.install(ch.pipeline(), config, handler, connections);
 * </pre>
 * {@link #close()} closes every connection, the listener and the event loops.
 */
final class TlsServer implements AutoCloseable {

    final ConnectionGroup connections = new ConnectionGroup();
    final WrittenTypes written = new WrittenTypes();
    private final EventLoopGroup accept = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tls-accept"),
            NioIoHandler.newFactory());
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tls-io"),
            NioIoHandler.newFactory());
    private final Channel listener;

    TlsServer(SslContext tls, ConnectionConfig config, RequestHandler handler) throws InterruptedException {
        ChannelHandler child = new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                ch.pipeline().addLast("written", written);
                HttpServerInitializer.install(ch.pipeline(), config, handler, connections);
            }
        };
        try {
            listener = new ServerBootstrap().group(accept, io).channel(NioServerSocketChannel.class)
                    .childHandler(child).bind("127.0.0.1", 0).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() {
        connections.closeAll(CloseReason.APPLICATION_CLOSED);
        if (listener != null) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        accept.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Counts the messages written towards the {@code SslHandler}, by class: what h1 hands to TLS. */
    @ChannelHandler.Sharable
    static final class WrittenTypes extends ChannelOutboundHandlerAdapter {
        private final Map<Class<?>, LongAdder> counts = new ConcurrentHashMap<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            counts.computeIfAbsent(msg.getClass(), type -> new LongAdder()).increment();
            ctx.write(msg, promise);
        }

        /** How many messages of each class were written so far. */
        Map<Class<?>, Long> counts() {
            Map<Class<?>, Long> snapshot = new ConcurrentHashMap<>();
            counts.forEach((type, count) -> snapshot.put(type, count.sum()));
            return snapshot;
        }
    }
}
