package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.HttpConnection;
import io.netty.channel.Channel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A connection as the world outside it sees it: for the application ({@link HttpConnection}) its channel and
 * addresses, how many requests it has started and its close with the one reason it closed for; for its server, when it
 * joined and left; for the connection listener, its open and close.
 *
 * <p><b>Threading.</b> Any thread may call the {@link HttpConnection} methods; {@link #close()} is handed over to the
 * connection's event loop. The rest is called on the event loop.
 */
final class ConnectionHandle implements HttpConnection {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ConnectionHandle.class);

    private static final AtomicIntegerFieldUpdater<ConnectionHandle> COUNT =
            AtomicIntegerFieldUpdater.newUpdater(ConnectionHandle.class, "requestCount");

    private final Http1Connection connection;
    private final Channel channel;
    private final Runnable closer;
    private final ConnectionTracker<? super Http1Connection> tracker;
    private final Dispatcher dispatcher;
    private final CompletableFuture<CloseReason> closeFuture = new CompletableFuture<>();
    private volatile int requestCount;
    private volatile ProxiedAddresses proxied;

    /**
     * @param closer  closes the connection as the application asked, on the event loop
     * @param tracker the server's connection group, or null
     */
    ConnectionHandle(Http1Connection connection, Runnable closer, ConnectionTracker<? super Http1Connection> tracker,
                     Dispatcher dispatcher) {
        this.connection = connection;
        this.channel = connection.context().channel();
        this.closer = closer;
        this.tracker = tracker;
        this.dispatcher = dispatcher;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public SocketAddress remoteAddress() {
        ProxiedAddresses told = proxied;
        return told != null ? told.client() : channel.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        ProxiedAddresses told = proxied;
        return told != null ? told.destination() : channel.localAddress();
    }

    /** A PROXY protocol header told the addresses to show from now on. Event loop. */
    void proxied(ProxiedAddresses addresses) {
        proxied = addresses;
    }

    @Override
    public int requestCount() {
        return requestCount;
    }

    @Override
    public void close() {
        closer.run();
    }

    @Override
    public CompletionStage<CloseReason> closeFuture() {
        return closeFuture;
    }

    /**
     * Counts a new request; returns its number on the connection, from 1. Event loop. A release store, not a volatile
     * one: a reader on another thread still sees the count with all that came before it, and the event loop does not
     * pay the fence of a volatile store per request (see {@code ResponseClaims.draft}).
     */
    int countRequest() {
        int count = requestCount + 1;
        COUNT.lazySet(this, count);
        return count;
    }

    /** The connection opened: its server and the connection listener hear of it. */
    void opened() {
        if (tracker != null) {
            tracker.joined(connection);
        }
        dispatcher.opened(this);
    }

    /** The connection left HTTP (a protocol switch): its server no longer waits for it, nor closes it. */
    void left() {
        if (tracker != null) {
            tracker.left(connection);
        }
    }

    /** The connection closed for {@code reason}: reported once, the first time. */
    void closed(CloseReason reason) {
        if (!closeFuture.complete(reason)) {
            return;
        }
        left();
        LOG.debug("{} closed: {} after {} request(s)", channel, reason, requestCount);
        dispatcher.closed(this, reason);
    }

    @Override
    public String toString() {
        return "HttpConnection(" + channel + ", " + requestCount + " request(s))";
    }
}
