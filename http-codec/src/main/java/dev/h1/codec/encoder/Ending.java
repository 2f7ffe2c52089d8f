package dev.h1.codec.encoder;

import dev.h1.codec.ResponseEncodeException;

/**
 * What ending a body means for the connection, decided by its {@link BodyEncoder} before the end is written.
 *
 * @param closesConnection whether the encoder closes the connection once the end is written
 * @param failure          the error to fail the end's promise with after that close, or {@code null}
 */
record Ending(boolean closesConnection, ResponseEncodeException failure) {

    /** The body ended as framed; the connection may carry the next response. */
    static final Ending COMPLETE = new Ending(false, null);
    /** RFC 9112 §6.3(8): a close-delimited body ends only when the connection closes. */
    static final Ending CLOSE = new Ending(true, null);

    /** The body ended short of its declared length: close after flushing so the client does not wait (RFC 9112 §8). */
    static Ending truncated(ResponseEncodeException failure) {
        return new Ending(true, failure);
    }
}
