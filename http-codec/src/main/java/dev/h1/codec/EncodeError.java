package dev.h1.codec;

/**
 * Every way a response write can be refused by {@link dev.h1.codec.encoder.ResponseEncoder}. Each constant names the
 * rule it enforces and says whether the connection is closed. A refused write writes nothing, its message (and any
 * buffer in it) is released, and its promise fails with a {@link ResponseEncodeException} carrying the constant.
 *
 * <pre>
 * p.addLast(new ResponseEncoder());
 * ctx.write(head).addListener(f -&gt; ... ((ResponseEncodeException) f.cause()).error())
 * </pre>
 *
 * <p>Immutable and thread-safe; holds no buffer.
 */
public enum EncodeError {
    /** A status the request cannot receive: a 101 answering HTTP/1.0, which has no 1xx responses (RFC 9110 §15.2). */
    STATUS_NOT_ALLOWED(false),
    /** The reason phrase has a character other than HTAB, SP, VCHAR or obs-text (RFC 9112 §4). */
    INVALID_REASON_PHRASE(false),
    /** A header or trailer field name is empty or not a token (RFC 9110 §5.1). */
    INVALID_FIELD_NAME(false),
    /** A field value has CR, LF, NUL, another control or a character above 0xFF (RFC 9110 §5.5). */
    INVALID_FIELD_VALUE(false),
    /** Content-Length is not one field of 1*DIGIT that fits a {@code long} (RFC 9110 §8.6). */
    INVALID_CONTENT_LENGTH(false),
    /**
     * Transfer-Encoding whose final coding is not chunked, that repeats chunked, or that answers HTTP/1.0 (RFC 9112
     * §6.1).
     */
    INVALID_TRANSFER_ENCODING(false),
    /** Both Content-Length and Transfer-Encoding (RFC 9112 §6.2). */
    CONFLICTING_FRAMING(false),
    /**
     * Content-Length or Transfer-Encoding on a 1xx, a 204 or a 2xx answer to CONNECT (RFC 9110 §8.6, §9.3.6; RFC 9112
     * §6.1).
     */
    FRAMING_NOT_ALLOWED(false),
    /** Content for a response without a body: HEAD, 1xx, 204, 304 (RFC 9110 §9.3.2, §15.3.5, §15.4.5) or a tunnel. */
    BODY_NOT_ALLOWED(false),
    /** More content than the head's Content-Length declared (RFC 9112 §6.2); the connection is closed. */
    BODY_TOO_LONG(true),
    /**
     * The body ended before reaching the declared Content-Length; the bytes written so far are flushed and the
     * connection is closed, so the client sees an incomplete message instead of waiting (RFC 9112 §8).
     */
    BODY_TOO_SHORT(true),
    /** Trailers on a response that is not chunked, or a framing field among them (RFC 9112 §7.1.2, RFC 9110 §6.5.1). */
    TRAILERS_NOT_ALLOWED(false),
    /** A message out of order, for example a second head before the end of the first, or a body before any head. */
    UNEXPECTED_MESSAGE(false),
    /** The connection is closing (after a close-delimited body or a framing error); nothing more is written. */
    CONNECTION_CLOSING(false);

    private final boolean closesConnection;

    EncodeError(boolean closesConnection) {
        this.closesConnection = closesConnection;
    }

    /**
     * Whether the encoder closes the connection when it refuses a write for this reason.
     *
     * @return true when the connection is closed after flushing what was already written
     */
    public boolean closesConnection() {
        return closesConnection;
    }
}
