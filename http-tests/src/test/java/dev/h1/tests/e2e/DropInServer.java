package dev.h1.tests.e2e;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * h1 through the drop-in {@link HttpServerInitializer} on a {@code ServerBootstrap} of the test's own (NIO, one accept
 * and one I/O thread, 127.0.0.1, ephemeral port), for what {@code HttpServer} does not let a test fix: the accepted
 * sockets' kernel buffers ({@code SO_SNDBUF}, {@code SO_RCVBUF}), the size of each socket read, and the allocator.
 * Small fixed buffers make bounds on what the server holds computable. {@link #close()} closes the listener and
 * every connection (the drop-in has no graceful shutdown).
 *
 * @param sendBufferBytes    child {@code SO_SNDBUF}, 0 for the kernel's default (autotuned)
 * @param receiveBufferBytes {@code SO_RCVBUF} of the accepted sockets (set on the listener, which they inherit it
 *                           from), 0 for the kernel's default (autotuned)
 * @param readBytes          bytes per socket read (a {@link FixedRecvByteBufAllocator}; Netty's default of 16 reads
 *                           per read batch is kept), 0 for Netty's adaptive default
 * @param allocator          the child channels' allocator, {@code null} for Netty's default
 */
public record DropInServer(int sendBufferBytes, int receiveBufferBytes, int readBytes, ByteBufAllocator allocator) {

    /** Socket reads per read batch (Netty's default for NIO sockets, which a fixed allocator would lower to 1). */
    public static final int READS_PER_BATCH = 16;

    /** A started drop-in server; close it to stop its threads. */
    public static final class Running implements AutoCloseable {
        private final EventLoopGroup accept;
        private final EventLoopGroup io;
        private final Channel listener;

        private Running(EventLoopGroup accept, EventLoopGroup io, Channel listener) {
            this.accept = accept;
            this.io = io;
            this.listener = listener;
        }

        public InetSocketAddress address() {
            return (InetSocketAddress) listener.localAddress();
        }

        /**
         * Waits (bounded, 5 s) until the I/O event loop has run every task queued so far, such as the teardown of
         * connections whose close was just reported.
         */
        public void awaitEventLoopQuiet() throws Exception {
            io.next().submit(() -> { }).get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            for (EventLoopGroup group : new EventLoopGroup[] {accept, io}) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            }
            for (EventLoopGroup group : new EventLoopGroup[] {accept, io}) {
                group.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
        }
    }

    public Running start(ConnectionConfig config, RequestHandler handler) throws InterruptedException {
        EventLoopGroup accept = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dropin-accept"),
                NioIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dropin-io"),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(accept, io)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new HttpServerInitializer(config, handler));
        if (sendBufferBytes > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, sendBufferBytes);
        }
        if (receiveBufferBytes > 0) {
            // On the listener, so that accepted sockets inherit it before their handshake: a receive buffer shrunk
            // after the handshake no longer matches the window scale agreed in it, and the flow stalls on drops
            // and retransmission timeouts.
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
        if (readBytes > 0) {
            bootstrap.childOption(ChannelOption.RCVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(readBytes).maxMessagesPerRead(READS_PER_BATCH));
        }
        if (allocator != null) {
            bootstrap.childOption(ChannelOption.ALLOCATOR, allocator);
        }
        try {
            Channel listener = bootstrap.bind("127.0.0.1", 0).sync().channel();
            return new Running(accept, io, listener);
        } catch (InterruptedException | RuntimeException e) {
            accept.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }
}
