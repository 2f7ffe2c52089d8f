package dev.h1.server.api;

/** The connection closed before the request body was complete (Node's 'aborted'). */
public final class RequestAbortedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what ended the exchange, for logs */
    public RequestAbortedException(String message) {
        super(message, null, false, false);
    }
}
