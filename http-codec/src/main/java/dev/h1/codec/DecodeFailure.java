package dev.h1.codec;

import java.util.Objects;

/**
 * Inbound message: the request could not be decoded. Emitted once; the decoder then discards all further input, and
 * the connection must be answered with {@code error().status()} and {@code Connection: close}, then closed.
 *
 * <p>Holds no buffer. {@code detail} is a fixed text written by h1 for logs; it never contains client bytes, but it is
 * not meant for the response body either (send the reason phrase of the status instead).
 *
 * @param error  the kind of failure and its status code
 * @param detail a short fixed description of the violated rule, for debug logs
 */
public record DecodeFailure(ParseError error, String detail) implements HttpRequestPart {

    /**
     * Checks that neither component is null.
     *
     * @param error  the kind of failure and its status code
     * @param detail a short fixed description of the violated rule, for debug logs
     */
    public DecodeFailure {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(detail, "detail");
    }
}
