package dev.h1.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The Netty server that bench/e2e.sh measures h1-server.jar against: Netty's {@link HttpServerCodec} (default
 * configuration: it validates headers; no aggregator) and {@link NettyReferenceHandler}, on the same transport and
 * socket options as h1's {@code HttpServer} (one accept thread, {@code --io-threads} I/O threads, TCP_NODELAY,
 * SO_REUSEADDR, backlog 1024). Binds 127.0.0.1 only.
 *
 * <pre>
 * java -cp "http-tests/target/test-classes:$(cat http-tests/target/bench.cp)" dev.h1.bench.NettyReferenceServer \
 *     [--port 8081] [--transport auto|nio|epoll|io_uring] [--io-threads N]
 * </pre>
 * {@code auto} picks as h1's {@code Transport.AUTO} does: epoll, else io_uring, else NIO. Prints
 * {@code netty listening on http://127.0.0.1:8081 (transport: nio)} once bound, and serves until the JVM is stopped
 * (SIGTERM).
 */
public final class NettyReferenceServer {

    private static final String HOST = "127.0.0.1";

    private NettyReferenceServer() {
    }

    /** Netty's HTTP/1.1 server pipeline, as the reference server installs it on every connection. */
    static void install(ChannelPipeline pipeline) {
        pipeline.addLast("codec", new HttpServerCodec());
        pipeline.addLast("app", new NettyReferenceHandler());
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8081;
        String transport = "auto";
        int ioThreads = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--transport" -> transport = args[i + 1].toLowerCase(Locale.ROOT);
                case "--io-threads" -> ioThreads = Integer.parseInt(args[i + 1]);
                default -> throw usage("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            throw usage(args[args.length - 1] + " needs a value");
        }
        Engine engine = Engine.of(transport);
        EventLoopGroup accept = new MultiThreadIoEventLoopGroup(1, engine.handlers());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(ioThreads, engine.handlers());
        Channel listener = new ServerBootstrap()
                .group(accept, io)
                .channel(engine.channel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        install(ch.pipeline());
                    }
                })
                .bind(HOST, port).sync().channel();
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        System.out.println("netty listening on http://" + HOST + ":" + address.getPort() + " (transport: "
                + engine.name() + ")");
        listener.closeFuture().sync();
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem
                + "; usage: NettyReferenceServer [--port N] [--transport auto|nio|epoll|io_uring] [--io-threads N]");
    }

    /** A transport by its CLI name: the event-loop flavour and the matching server channel. */
    private record Engine(String name, IoHandlerFactory handlers, Class<? extends ServerChannel> channel) {

        static Engine of(String transport) {
            return switch (transport) {
                case "nio" -> nio();
                case "epoll" -> epoll();
                case "io_uring" -> ioUring();
                case "auto" -> Epoll.isAvailable() ? epoll() : IoUring.isAvailable() ? ioUring() : nio();
                default -> throw usage("--transport takes auto, nio, epoll or io_uring, not '" + transport + "'");
            };
        }

        private static Engine nio() {
            return new Engine("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
        }

        private static Engine epoll() {
            Epoll.ensureAvailability();
            return new Engine("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }

        private static Engine ioUring() {
            IoUring.ensureAvailability();
            return new Engine("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
        }
    }
}
