package dev.h1.server.pipeline;

import dev.h1.server.api.CloseReason;
import dev.h1.server.connection.ConnectionTracker;
import dev.h1.server.connection.Http1Connection;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live HTTP connections of one server, for a graceful shutdown and for closing idle or all connections. An
 * {@link dev.h1.server.HttpServer} keeps one; with the drop-in {@link HttpServerInitializer}, pass one to track the
 * connections of your own bootstrap:
 * <pre>
 * ConnectionGroup connections = new ConnectionGroup();
 * bootstrap.childHandler(new HttpServerInitializer(config, app, connections));
 * ...
 * connections.shutdown();                                   // idle ones close now, busy ones after their exchange
 * connections.whenAllClosed().toCompletableFuture().get(10, SECONDS);
 * </pre>
 * A connection joins when its channel becomes active and leaves when it closes or switches to another protocol.
 *
 * <p><b>Threading.</b> Thread-safe: every method may be called from any thread; each connection acts on its own event
 * loop.
 */
public final class ConnectionGroup {

    private final Set<Http1Connection> live = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> empty = new CompletableFuture<>();
    private final ConnectionTracker<Http1Connection> tracker = new ConnectionTracker<>() {
        @Override
        public void joined(Http1Connection connection) {
            live.add(connection);
            if (shuttingDown) {
                connection.shutdown();
            }
        }

        @Override
        public void left(Http1Connection connection) {
            live.remove(connection);
            if (shuttingDown && live.isEmpty()) {
                empty.complete(null);
            }
        }
    };
    private volatile boolean shuttingDown;

    /** How many connections are open. */
    public int size() {
        return live.size();
    }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * Closes every connection that has no exchange under way ({@link CloseReason#APPLICATION_CLOSED}): none being
     * read or answered, and no response still being written.
     */
    public void closeIdle() {
        live.forEach(connection -> connection.closeWhenIdle(CloseReason.APPLICATION_CLOSED));
    }

    /** Closes every connection now, whatever it is doing, for {@code reason}. */
    public void closeAll(CloseReason reason) {
        live.forEach(connection -> connection.execute(() -> connection.closeNow(reason)));
    }

    /**
     * Starts a graceful shutdown: idle connections close at once; busy ones finish the exchanges under way (the
     * responses not yet begun carry {@code Connection: close}), and close once their last response is written
     * ({@link CloseReason#SERVER_SHUTDOWN}). Connections that open later are shut down as they join.
     */
    public void shutdown() {
        shuttingDown = true;
        live.forEach(Http1Connection::shutdown);
        if (live.isEmpty()) {
            empty.complete(null);
        }
    }

    /** Completes once {@link #shutdown()} was called and every connection has closed. */
    public CompletionStage<Void> whenAllClosed() {
        return empty;
    }

    /** What the installer hands to each connection of this group. */
    ConnectionTracker<Http1Connection> tracker() {
        return tracker;
    }
}
