package dev.h1.server.api;

import dev.h1.server.api.CloseReason;

/** Connection opened / closed notifications (Node's 'connection' and socket 'close'), on the event loop. */
public interface ConnectionListener {

    default void onOpen(HttpConnection connection) {
    }

    /** The connection closed; {@code reason} says why (also logged at debug level). */
    default void onClose(HttpConnection connection, CloseReason reason) {
    }
}
