package dev.h1.codec;

/**
 * How the body of a request is delimited, decided once per request head from its header section
 * (RFC 9112 §6.3).
 */
public enum Framing {
    /** No body: neither Content-Length nor Transfer-Encoding was sent (RFC 9112 §6.3(7)), or a CONNECT request. */
    NONE,
    /** The body is exactly {@link RequestHead#contentLength()} bytes long (RFC 9112 §6.3(6)). */
    CONTENT_LENGTH,
    /** The body uses the chunked transfer coding (RFC 9112 §7.1). */
    CHUNKED
}
