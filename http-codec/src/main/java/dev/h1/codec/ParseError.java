package dev.h1.codec;

/**
 * Every way a request can be rejected by the decoder, each mapped to the one HTTP status code that answers it.
 * This enum is the single place where parse problems become status codes; every constant names the rule it enforces.
 * Every parse error ends the connection: after it the decoder discards all further input.
 */
public enum ParseError {
    /** Request line is not {@code method SP request-target SP HTTP-version CRLF} (RFC 9112 §3). */
    BAD_REQUEST_LINE(HttpStatus.BAD_REQUEST),
    /** Method is not a token (RFC 9110 §9.1). */
    BAD_METHOD(HttpStatus.BAD_REQUEST),
    /**
     * Request-target has a character RFC 3986 does not allow, a bad pct-encoding, or the wrong form (RFC 9112 §3.2).
     */
    BAD_TARGET(HttpStatus.BAD_REQUEST),
    /** The request-target alone makes the request line longer than the limit (RFC 9112 §3). */
    URI_TOO_LONG(HttpStatus.URI_TOO_LONG),
    /** HTTP-version is not {@code HTTP/} DIGIT {@code .} DIGIT (RFC 9112 §2.3). */
    BAD_VERSION(HttpStatus.BAD_REQUEST),
    /** A major version other than 1 (RFC 9110 §15.6.6). */
    VERSION_NOT_SUPPORTED(HttpStatus.HTTP_VERSION_NOT_SUPPORTED),
    /**
     * A line ends in a bare CR or a bare LF, or something other than empty lines precedes the request line (RFC 9112
     * §2.2).
     */
    BAD_LINE_ENDING(HttpStatus.BAD_REQUEST),
    /**
     * Field line syntax: name is not a token, whitespace before the colon, bad character in the value (RFC 9112 §5).
     */
    BAD_HEADER(HttpStatus.BAD_REQUEST),
    /** A field line starts with whitespace: obs-fold or whitespace after the start line (RFC 9112 §5.2, §2.2). */
    OBSOLETE_LINE_FOLDING(HttpStatus.BAD_REQUEST),
    /** The header or trailer section exceeds its byte or field-count limit (RFC 6585 §5). */
    HEADER_FIELDS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
    /** An HTTP/1.1 request without Host, more than one Host, or a Host that is not uri-host[:port] (RFC 9112 §3.2). */
    BAD_HOST(HttpStatus.BAD_REQUEST),
    /**
     * Content-Length is not 1*DIGIT, overflows, or repeats: with a different value (RFC 9112 §6.3(5)), or with the
     * same one unless {@link Leniency#IDENTICAL_CONTENT_LENGTHS} is allowed (RFC 9110 §8.6).
     */
    BAD_CONTENT_LENGTH(HttpStatus.BAD_REQUEST),
    /** Transfer-Encoding together with Content-Length, or in an HTTP/1.0 request (RFC 9112 §6.1, §6.3(3)). */
    CONFLICTING_FRAMING(HttpStatus.BAD_REQUEST),
    /** Transfer-Encoding list whose final coding is not chunked, or chunked applied twice (RFC 9112 §6.3(4), §6.1). */
    BAD_TRANSFER_ENCODING(HttpStatus.BAD_REQUEST),
    /** A transfer coding other than chunked, which h1 does not decode (RFC 9112 §6.1). */
    UNSUPPORTED_TRANSFER_CODING(HttpStatus.NOT_IMPLEMENTED),
    /** Chunk size, chunk extension or the CRLF after chunk data is malformed (RFC 9112 §7.1). */
    BAD_CHUNK(HttpStatus.BAD_REQUEST),
    /** The declared or received body exceeds the configured maximum (RFC 9110 §15.5.14). */
    CONTENT_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    /** The connection ended in the middle of a request (RFC 9112 §8). */
    TRUNCATED_MESSAGE(HttpStatus.BAD_REQUEST);

    private final int status;

    ParseError(HttpStatus status) {
        this.status = status.code();
    }

    /**
     * The HTTP status code that answers this error.
     *
     * @return 400, 413, 414, 431, 501 or 505
     */
    public int status() {
        return status;
    }
}
