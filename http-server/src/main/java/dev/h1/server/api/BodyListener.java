package dev.h1.server.api;

import dev.h1.codec.Headers;
import io.netty.buffer.ByteBuf;

/**
 * Receives a request body as it arrives (Node's {@code req.on('data' | 'end' | 'error')}). Called on the connection's
 * event loop, in order; after {@link #onEnd} or {@link #onError} nothing more is called.
 */
public interface BodyListener {

    /**
     * A piece of the body. The buffer is lent for the duration of the call: {@code retain()} it to keep it, and
     * release what you retained.
     */
    void onData(ByteBuf data) throws Exception;

    /** The body is complete; {@code trailers} is empty unless a chunked body carried a trailer section. */
    default void onEnd(Headers trailers) throws Exception {
    }

    /** The body will not complete: the client aborted, a limit was exceeded, or the connection failed. */
    default void onError(Throwable cause) {
    }
}
