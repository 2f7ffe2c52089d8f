package dev.h1.server;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.pipeline.ConnectionGroup;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An h1 server on its own port: binds, accepts connections and runs every request through a {@link RequestHandler}
 * (Node's {@code http.createServer(handler).listen(port)}).
 *
 * <pre>
 * ServerConfig config = ServerConfig.builder().port(8080).build();
 * try (HttpServer server = HttpServer.create(config, (req, res) -&gt; res.end("Hello, World!"))) {
 *     InetSocketAddress address = server.start();          // bound: connections are accepted from now on
 *     System.out.println("listening on " + address);
 *     ...
 * }                                                          // graceful close: in-flight exchanges finish
 * </pre>
 *
 * <p><b>Pipeline.</b> Every accepted channel gets the handlers of {@link HttpServerInitializer} (its javadoc lists
 * them); to add your own handlers in front of h1 (TLS, logging), use that initializer with your own
 * {@code ServerBootstrap} instead of this class.
 *
 * <p><b>Transport.</b> {@link Transport#AUTO} uses the native epoll transport when
 * {@code io.netty:netty-transport-native-epoll} is on the class path (Linux), else the native io_uring transport when
 * {@code io.netty:netty-transport-native-io_uring} is and the kernel lets it run, else NIO (epoll first because of the
 * io_uring caveat under {@link Transport#IO_URING}); both dependencies are optional and never required. With
 * {@link ServerConfig#reusePort()} several servers, in this process or others, bind the same port and the kernel
 * spreads the connections among them (epoll and io_uring only). Threads are named {@code h1-accept-*} (one acceptor)
 * and {@code h1-io-*} ({@link ServerConfig#ioThreads()}); they are not daemon threads, so a started server keeps the
 * JVM alive until it is closed.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. {@link #start()} and {@link #close()} block and
 * are serialized; {@link #close()} must not be called from one of the server's own event-loop threads (for example
 * from a request handler), because it waits for the exchanges those threads run — it throws
 * {@link IllegalStateException} there. The request handler and every callback run on the connection's event loop.
 *
 * <p><b>Buffers.</b> This class handles no buffers; see {@link dev.h1.server.api.ServerResponse} for the ownership
 * of body data.
 */
public final class HttpServer implements AutoCloseable {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(HttpServer.class);

    /** Pending connections the kernel queues before {@code accept} (Netty's default is only 128 on Linux). */
    private static final int ACCEPT_BACKLOG = 1024;
    /** Upper bound for closing the listening channel and for each event-loop group to terminate in {@link #close}. */
    private static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #close} waits for force-closed connections to report their close before stopping threads. */
    private static final Duration FORCED_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private enum Lifecycle { NEW, RUNNING, CLOSED }

    private final ServerConfig config;
    private final RequestHandler handler;
    private final ConnectionGroup group = new ConnectionGroup();
    private final CompletableFuture<Void> draining = new CompletableFuture<>();

    /** Serializes start() and close(), which both block: the one lock of the server, held by neither an event loop. */
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private Lifecycle lifecycle = Lifecycle.NEW;
    private volatile Transport transport;
    private volatile EventLoopGroup acceptGroup;
    private volatile EventLoopGroup ioGroup;
    private Channel serverChannel;
    private volatile InetSocketAddress address;

    private HttpServer(ServerConfig config, RequestHandler handler) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * A server for {@code config} and {@code handler}; nothing is bound and no thread starts until {@link #start()}.
     */
    public static HttpServer create(ServerConfig config, RequestHandler handler) {
        return new HttpServer(config, handler);
    }

    /**
     * Binds {@link ServerConfig#host()} and {@link ServerConfig#port()} and returns once the server accepts
     * connections. Port 0 binds an ephemeral port: the returned address tells which.
     *
     * @return the bound local address
     * @throws UncheckedIOException  when the host cannot be resolved or binding fails (its cause is the bind error,
     *                               for example a {@link java.net.BindException} when the port is taken); the
     *                               server's threads are released and the server is closed
     * @throws IllegalStateException when {@link Transport#EPOLL} or {@link Transport#IO_URING} was asked for but is
     *                               not available, when {@link ServerConfig#reusePort()} is set and the transport
     *                               cannot set {@code SO_REUSEPORT} (NIO), or when this server was started or closed
     *                               before
     */
    public InetSocketAddress start() {
        lifecycleLock.lock();
        try {
            return startLocked();
        } finally {
            lifecycleLock.unlock();
        }
    }

    private InetSocketAddress startLocked() {
        if (lifecycle != Lifecycle.NEW) {
            throw new IllegalStateException("start() may be called once; this server is " + lifecycle);
        }
        lifecycle = Lifecycle.CLOSED; // until bound: a failed start leaves a closed server
        Engine engine = Engine.of(config.transport());
        if (config.reusePort() && engine.reusePort() == null) {
            throw new IllegalStateException("reusePort needs the epoll or io_uring transport, which can set"
                    + " SO_REUSEPORT; this server would run on " + engine.transport());
        }
        InetSocketAddress requested = new InetSocketAddress(config.host(), config.port());
        if (requested.isUnresolved()) {
            throw new UncheckedIOException("cannot bind " + config.host() + ":" + config.port(),
                    new UnknownHostException(config.host()));
        }
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("h1-accept"),
                engine.ioHandlers().get());
        ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("h1-io"),
                engine.ioHandlers().get());
        ChannelFuture bind;
        try {
            bind = bootstrap(engine).bind(requested).awaitUninterruptibly();
        } catch (RuntimeException | Error e) {
            stopEventLoops();
            throw e;
        }
        if (!bind.isSuccess()) {
            stopEventLoops();
            throw bindFailure(requested, bind.cause());
        }
        serverChannel = bind.channel();
        transport = engine.transport();
        address = (InetSocketAddress) serverChannel.localAddress();
        lifecycle = Lifecycle.RUNNING;
        LOG.debug("h1 listening on {} ({})", address, transport);
        return address;
    }

    private ServerBootstrap bootstrap(Engine engine) {
        ServerBootstrap bootstrap = new ServerBootstrap();
        if (config.reusePort()) {
            // several servers (threads or processes) bind the same port; the kernel spreads connections among them
            bootstrap.option(engine.reusePort(), true);
        }
        return bootstrap
                .group(acceptGroup, ioGroup)
                .channel(engine.serverChannel())
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                // a restarted server must rebind its port while old connections linger in TIME_WAIT
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, true)
                // the write-buffer water marks are set by HttpServerInitializer, for drop-in use too
                .childHandler(new HttpServerInitializer(config.connection(), handler, group));
    }

    private static UncheckedIOException bindFailure(InetSocketAddress requested, Throwable cause) {
        IOException io = cause instanceof IOException e ? e : new IOException(cause);
        return new UncheckedIOException("cannot bind " + requested.getHostString() + ":" + requested.getPort()
                + ": " + cause.getMessage(), io);
    }

    /** The bound local address; {@link IllegalStateException} before {@link #start()} succeeded. */
    public InetSocketAddress address() {
        InetSocketAddress bound = address;
        if (bound == null) {
            throw new IllegalStateException("not started");
        }
        return bound;
    }

    /**
     * The transport in use, {@link Transport#NIO}, {@link Transport#EPOLL} or {@link Transport#IO_URING} (never
     * {@link Transport#AUTO}); {@code null} before start.
     */
    public Transport transport() {
        return transport;
    }

    /** How many client connections are open now. */
    public int connectionCount() {
        return group.size();
    }

    /** Closes every connection that has no exchange in progress (idle keep-alive connections); keeps accepting. */
    public void closeIdleConnections() {
        group.closeIdle();
    }

    /** Closes every connection now, busy or not ({@link CloseReason#APPLICATION_CLOSED}); keeps accepting. */
    public void closeAllConnections() {
        group.closeAll(CloseReason.APPLICATION_CLOSED);
    }

    /**
     * Shuts the server down gracefully and returns when nothing of it is left: stops accepting (the port is released),
     * closes idle connections at once, lets in-flight exchanges finish (their responses carry
     * {@code Connection: close}) for up to {@link ServerConfig#shutdownGracePeriod()}, force-closes what is left
     * ({@link CloseReason#SERVER_SHUTDOWN}) and stops the event-loop threads. Idempotent; a server that was never
     * started just becomes closed.
     *
     * @throws IllegalStateException when called on one of this server's event-loop threads (it would wait for itself)
     */
    @Override
    public void close() {
        requireNotOnEventLoop();
        lifecycleLock.lock();
        try {
            Lifecycle was = lifecycle;
            lifecycle = Lifecycle.CLOSED;
            if (was == Lifecycle.RUNNING) {
                serverChannel.close().awaitUninterruptibly(TERMINATION_TIMEOUT.toMillis());
                // On NIO the listening socket is released only when its selector's loop selects again: stopping the
                // accept loop makes sure no connection is accepted once the idle ones are closed below.
                acceptGroup.shutdownGracefully(0, TERMINATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .awaitUninterruptibly(TERMINATION_TIMEOUT.toMillis());
                group.shutdown();
                draining.complete(null);
                if (!awaitAllClosed(config.shutdownGracePeriod())) {
                    LOG.debug("{} connection(s) still busy after the grace period; closing them", group.size());
                    group.closeAll(CloseReason.SERVER_SHUTDOWN);
                    awaitAllClosed(FORCED_CLOSE_TIMEOUT);
                }
                stopEventLoops();
            }
            draining.complete(null);
        } finally {
            lifecycleLock.unlock();
        }
    }

    private void requireNotOnEventLoop() {
        EventLoopGroup io = ioGroup;
        if (io == null) {
            return;
        }
        for (EventExecutor loop : io) {
            if (loop.inEventLoop()) {
                throw new IllegalStateException("close() blocks until exchanges finish and must not run on the"
                        + " server's event loop; call it from another thread");
            }
        }
    }

    /** Whether every connection closed within {@code timeout}; keeps the interrupt flag if interrupted. */
    private boolean awaitAllClosed(Duration timeout) {
        try {
            group.whenAllClosed().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops both event-loop groups (no quiet period: nothing is left to serve) and waits, bounded, for their end. */
    private void stopEventLoops() {
        EventLoopGroup[] groups = {acceptGroup, ioGroup};
        for (EventLoopGroup loops : groups) {
            loops.shutdownGracefully(0, TERMINATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (EventLoopGroup loops : groups) {
            if (!loops.terminationFuture().awaitUninterruptibly(TERMINATION_TIMEOUT.toMillis())) {
                LOG.warn("h1 event loops did not terminate within {}", TERMINATION_TIMEOUT);
            }
        }
    }

    /** Completes once {@link #close()} has stopped accepting and asked every connection to finish (for tests). */
    CompletionStage<Void> draining() {
        return draining;
    }

    /** Whether every thread of this server has ended (true before start; for tests). */
    boolean isTerminated() {
        return (acceptGroup == null || acceptGroup.isTerminated()) && (ioGroup == null || ioGroup.isTerminated());
    }
}
