package dev.h1.server.connection;

/**
 * Keeps count of a server's live connections (its connection group): told on the event loop of each connection when
 * it opens and when it closes or leaves HTTP for another protocol.
 *
 * @param <C> the connection type
 */
public interface ConnectionTracker<C> {

    /** {@code connection} opened. */
    void joined(C connection);

    /** {@code connection} closed or left HTTP; may be told more than once. */
    void left(C connection);
}
