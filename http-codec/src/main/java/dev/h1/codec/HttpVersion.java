package dev.h1.codec;

/**
 * The HTTP versions h1 speaks. RFC 9112 §2.3: a request with major version 1 and a minor version above 1 is processed
 * as {@link #HTTP_1_1} (the highest minor version we conform to); any other major version is answered with 505.
 */
public enum HttpVersion {
    /** HTTP/1.0 (RFC 1945): no chunked coding, no 1xx responses, persistent only with keep-alive. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1 (RFC 9112), also for requests that say HTTP/1.2 to HTTP/1.9. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /**
     * The protocol version as written on the wire.
     *
     * @return for example {@code HTTP/1.1}
     */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
