package dev.h1.server.api;

/** A request body exceeded the maximum an aggregation helper was given; the exchange answers 413 and closes. */
public final class BodyTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param maxBytes the limit the body went over */
    public BodyTooLargeException(long maxBytes) {
        super("request body exceeds " + maxBytes + " bytes");
    }
}
