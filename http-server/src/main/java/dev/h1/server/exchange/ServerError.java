package dev.h1.server.exchange;

import dev.h1.codec.HttpStatus;
import dev.h1.codec.ParseError;
import dev.h1.server.api.CloseReason;

/**
 * Every failure the server answers on its own, with the status it answers and the reason the connection then closes:
 * the one table of the server's error answers. Each answer is the status, {@code Connection: close} and the reason
 * phrase as a plain-text body; it never echoes client bytes. When the response head has already gone out, no answer
 * is possible and the connection just closes.
 */
public enum ServerError {
    /** The request could not be parsed; answered with the {@link ParseError}'s own status (400, 413, 414, 431, ...). */
    MALFORMED_REQUEST(null, CloseReason.PARSE_ERROR),
    /** The request head did not arrive within the headers timeout. */
    HEADERS_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, CloseReason.HEADERS_TIMEOUT),
    /** The whole request did not arrive within the request timeout. */
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, CloseReason.REQUEST_TIMEOUT),
    /** The body is larger than the application accepts ({@code bodyBytes(max)}); RFC 9110 §15.5.14. */
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, CloseReason.BODY_TOO_LARGE),
    /** The unread body of an answered request is longer than the drain limit: closed without an answer. */
    DRAIN_LIMIT_EXCEEDED(null, CloseReason.BODY_TOO_LARGE),
    /**
     * A request pipelined past {@code maxRequestsPerConnection}: answered 503 with {@code Connection: close}, as Node
     * does (RFC 9110 §15.6.4: the server cannot handle it on this connection).
     */
    REQUEST_LIMIT_REACHED(HttpStatus.SERVICE_UNAVAILABLE, CloseReason.MAX_REQUESTS),
    /** An {@code Expect} other than 100-continue and no handler for it; RFC 9110 §10.1.1. */
    EXPECTATION_FAILED(HttpStatus.EXPECTATION_FAILED, CloseReason.NOT_PERSISTENT),
    /** CONNECT without an upgrade handler to take the tunnel; RFC 9110 §9.3.6. */
    CONNECT_NOT_SUPPORTED(HttpStatus.NOT_IMPLEMENTED, CloseReason.NOT_PERSISTENT),
    /** The application threw, or failed a callback. */
    APPLICATION_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, CloseReason.APPLICATION_ERROR);

    private final HttpStatus status;
    private final CloseReason closeReason;

    ServerError(HttpStatus status, CloseReason closeReason) {
        this.status = status;
        this.closeReason = closeReason;
    }

    /** The status of the answer; {@code parseError} gives it for {@link #MALFORMED_REQUEST} (may be null otherwise). */
    public int status(ParseError parseError) {
        return status != null ? status.code() : parseError.status();
    }

    /** Whether this failure is answered at all (rather than just closing the connection). */
    public boolean isAnswered() {
        return this != DRAIN_LIMIT_EXCEEDED;
    }

    /** Why the connection closes after the answer. */
    public CloseReason closeReason() {
        return closeReason;
    }
}
