package dev.h1.codec;

/** What a request's {@code Expect} header field asks of the server (RFC 9110 §10.1.1). */
public enum Expectation {
    /** No {@code Expect} field, or an HTTP/1.0 request (whose 100-continue expectation MUST be ignored). */
    NONE,
    /** {@code Expect: 100-continue}: the client may wait for a 100 (Continue) before it sends the body. */
    CONTINUE,
    /** Any other expectation; a server that does not support it answers 417 (Expectation Failed). */
    UNSUPPORTED
}
