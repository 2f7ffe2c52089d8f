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
}
