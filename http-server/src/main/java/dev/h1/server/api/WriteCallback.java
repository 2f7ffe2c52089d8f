package dev.h1.server.api;

/**
 * Learns the outcome of one body write (Node's {@code res.write(chunk, callback)}): given to
 * {@link ServerResponse#write(io.netty.buffer.ByteBuf, WriteCallback)}.
 *
 * <p><b>Threading.</b> Runs on the connection's event loop, once: when the piece's last byte has been written to the
 * transport, or when it cannot be (the connection closed, the response was aborted). A piece that is not sent because
 * the response has no body (HEAD, 204, 304) counts as written. An exception it throws is treated as a failure of the
 * application (500 if no head was sent, else close).
 */
@FunctionalInterface
public interface WriteCallback {

    /**
     * The write is over.
     *
     * @param failure {@code null} when the piece was written, else why it was not
     */
    void onComplete(Throwable failure);
}
