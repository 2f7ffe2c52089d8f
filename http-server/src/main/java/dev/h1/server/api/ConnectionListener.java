package dev.h1.server.api;

/**
 * Connection notifications, on the event loop: opened and closed (Node's 'connection' and socket 'close'), and a
 * request dropped for the connection's request limit (Node's 'dropRequest').
 */
public interface ConnectionListener {

    /** A connection opened; it may be kept, for example to close it later. */
    default void onOpen(HttpConnection connection) {
    }

    /** The connection closed; {@code reason} says why (also logged at debug level). */
    default void onClose(HttpConnection connection, CloseReason reason) {
    }

    /**
     * A request that the client pipelined past {@code maxRequestsPerConnection} was answered {@code 503 Service
     * Unavailable} with {@code Connection: close}, without reaching the request handler (Node's server
     * 'dropRequest'). Its head is readable; its body is not read.
     */
    default void onDroppedRequest(ServerRequest request) {
    }
}
