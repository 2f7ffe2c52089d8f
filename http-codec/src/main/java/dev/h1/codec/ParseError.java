package dev.h1.codec;

/**
 * Every way a request can be rejected by the decoder, each mapped to the one HTTP status code that answers it.
 * This enum is the single place where parse problems become status codes; every constant names the rule it enforces.
 * Every parse error ends the connection: after it the decoder discards all further input.
 */
public enum ParseError {
    /** Request line is not {@code method SP request-target SP HTTP-version CRLF} (RFC 9112 §3). */
    BAD_REQUEST_LINE(400),
    /** Method is not a token (RFC 9110 §9.1). */
    BAD_METHOD(400),
    /** Request-target has a character RFC 3986 does not allow, a bad pct-encoding, or the wrong form (RFC 9112 §3.2). */
    BAD_TARGET(400),
    /** The request-target alone makes the request line longer than the limit (RFC 9112 §3). */
    URI_TOO_LONG(414),
    /** HTTP-version is not {@code HTTP/} DIGIT {@code .} DIGIT (RFC 9112 §2.3). */
    BAD_VERSION(400),
    /** A major version other than 1 (RFC 9110 §15.6.6). */
    VERSION_NOT_SUPPORTED(505),
    /** A line ends in a bare CR or a bare LF, or something other than empty lines precedes the request line (RFC 9112 §2.2). */
    BAD_LINE_ENDING(400),
    /** Field line syntax: name is not a token, whitespace before the colon, bad character in the value (RFC 9112 §5). */
    BAD_HEADER(400),
    /** A field line starts with whitespace: obs-fold or whitespace after the start line (RFC 9112 §5.2, §2.2). */
    OBSOLETE_LINE_FOLDING(400),
    /** The header or trailer section exceeds its byte or field-count limit (RFC 6585 §5). */
    HEADER_FIELDS_TOO_LARGE(431),
    /** An HTTP/1.1 request without Host, more than one Host, or a Host that is not uri-host[:port] (RFC 9112 §3.2). */
    BAD_HOST(400),
    /**
     * Content-Length is not 1*DIGIT, overflows, or repeats: with a different value (RFC 9112 §6.3(5)), or with the
     * same one unless {@link Leniency#IDENTICAL_CONTENT_LENGTHS} is allowed (RFC 9110 §8.6).
     */
    BAD_CONTENT_LENGTH(400),
    /** Transfer-Encoding together with Content-Length, or in an HTTP/1.0 request (RFC 9112 §6.1, §6.3(3)). */
    CONFLICTING_FRAMING(400),
    /** Transfer-Encoding list whose final coding is not chunked, or chunked applied twice (RFC 9112 §6.3(4), §6.1). */
    BAD_TRANSFER_ENCODING(400),
    /** A transfer coding other than chunked, which h1 does not decode (RFC 9112 §6.1). */
    UNSUPPORTED_TRANSFER_CODING(501),
    /** Chunk size, chunk extension or the CRLF after chunk data is malformed (RFC 9112 §7.1). */
    BAD_CHUNK(400),
    /** The declared or received body exceeds the configured maximum (RFC 9110 §15.5.14). */
    CONTENT_TOO_LARGE(413),
    /** The connection ended in the middle of a request (RFC 9112 §8). */
    TRUNCATED_MESSAGE(400);

    private final int status;

    ParseError(int status) {
        this.status = status;
    }

    /** The HTTP status code that answers this error. */
    public int status() {
        return status;
    }
}
