package dev.h1.server.connection;

/** Where a connection is in its life; it only moves down this list. */
enum Lifecycle {
    /** Installed; the channel is not active yet. */
    OPENING,
    /** Taking requests. */
    ACTIVE,
    /** Taking no more requests: the last response is on its way, then the connection closes. */
    LAST_RESPONSE,
    /** Closing: nothing more reaches the application. */
    CLOSING,
    /** Closed: every exchange ended, every buffer released, the close reported. */
    CLOSED,
    /** Handed over to another protocol. */
    SWITCHED
}
