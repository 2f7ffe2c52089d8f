package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of one server, for shutdown and for {@code closeIdleConnections()} /
 * {@code closeAllConnections()}. Thread-safe: connections join and leave on their event loops; the operations may be
 * called from any thread and are handed over to each connection's event loop.
 */
public final class ConnectionGroup {

    private final Set<Http1Connection> live = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> empty = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    void add(Http1Connection connection) {
        live.add(connection);
        if (shuttingDown) {
            connection.shutdown();
        }
    }

    void remove(Http1Connection connection) {
        live.remove(connection);
        if (shuttingDown && live.isEmpty()) {
            empty.complete(null);
        }
    }

    /** How many connections are open. */
    public int size() {
        return live.size();
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Closes every connection that has no exchange in progress ({@link CloseReason#APPLICATION_CLOSED}). */
    public void closeIdle() {
        live.forEach(connection -> connection.closeIfIdle(CloseReason.APPLICATION_CLOSED));
    }

    /** Closes every connection now, whatever it is doing. */
    public void closeAll(CloseReason reason) {
        // On each connection's own event loop: the close reason and the closing state are loop-confined.
        live.forEach(connection -> connection.onLoop(() -> connection.closeNow(reason)));
    }

    /**
     * Starts a graceful shutdown: idle connections close at once; busy ones finish their current exchange, whose
     * response carries {@code Connection: close}, and then close ({@link CloseReason#SERVER_SHUTDOWN}). Connections
     * that open later are shut down as they join.
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
}
