package dev.h1.server.api;

/** Connection opened / closed notifications (Node's 'connection' and socket 'close'), on the event loop. */
public interface ConnectionListener {

    /** A connection opened; it may be kept, for example to close it later. */
    default void onOpen(HttpConnection connection) {
    }

    /** The connection closed; {@code reason} says why (also logged at debug level). */
    default void onClose(HttpConnection connection, CloseReason reason) {
    }
}
