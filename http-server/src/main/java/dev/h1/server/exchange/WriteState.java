package dev.h1.server.exchange;

/** How far a response has come on the wire: the state of its {@link ResponseWriter}, on the event loop. */
enum WriteState {
    /** Nothing written. */
    IDLE,
    /** The head is written; body pieces may follow. */
    STREAMING,
    /** The end is written; its last byte is on its way to the transport. */
    ENDED,
    /** The last byte reached the transport. */
    FINISHED,
    /** The connection answered 101 (or 2xx to CONNECT) and left HTTP. */
    SWITCHED,
    /** The connection closed before the response finished. */
    ABORTED;

    /** Whether the application may still write: nothing, or the head and perhaps some body, is written. */
    boolean isOpen() {
        return this == IDLE || this == STREAMING;
    }

    /** Whether the end is written (or the connection switched protocols instead). */
    boolean isEnded() {
        return this == ENDED || this == FINISHED || this == SWITCHED;
    }

    /** Whether the last byte reached the transport (or the connection switched protocols instead). */
    boolean isFinished() {
        return this == FINISHED || this == SWITCHED;
    }
}
