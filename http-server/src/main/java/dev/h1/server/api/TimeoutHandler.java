package dev.h1.server.api;

/**
 * Notified when a connection has seen no traffic either way for the idle timeout (Node's {@code server.setTimeout}
 * callback). The handler decides what to do, for example {@link HttpConnection#close()}; without a handler the
 * connection is closed. Runs on the event loop.
 */
@FunctionalInterface
public interface TimeoutHandler {
    /** {@code connection} saw no progress for the idle timeout; it stays open unless this closes it. */
    void onTimeout(HttpConnection connection);

    /**
     * {@link #onTimeout(HttpConnection)} with the exchange under way (Node passes the socket only; the request and
     * response let the handler answer, for example 503 if nothing was sent yet). Both are {@code null} between
     * requests. The default forgets them and calls {@link #onTimeout(HttpConnection)}.
     */
    default void onTimeout(HttpConnection connection, ServerRequest request, ServerResponse response) {
        onTimeout(connection);
    }
}
