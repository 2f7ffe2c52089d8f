package dev.h1.server.api;

/** The connection closed before the request body was complete (Node's 'aborted'). */
public final class RequestAbortedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RequestAbortedException(String message) {
        super(message, null, false, false);
    }
}
