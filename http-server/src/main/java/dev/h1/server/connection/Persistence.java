package dev.h1.server.connection;

/** Whether the connection stays open after the current exchange (RFC 9112 §9.3). */
enum Persistence {
    KEEP_ALIVE,
    CLOSE_AFTER_RESPONSE
}
