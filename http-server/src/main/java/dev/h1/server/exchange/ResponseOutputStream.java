package dev.h1.server.exchange;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The response body as a blocking {@link OutputStream} ({@code res.outputStream()}), for a handler that runs on a
 * thread of its own (the handler executor). Bytes are gathered into pieces of up to {@value #PIECE_BYTES} bytes; each
 * full piece is written with {@code write}, and when that reports the connection's outbound buffer above its
 * high-water mark, the writer blocks until it drains ({@code drained()}). So what one response holds in memory is
 * bounded by the water mark plus one piece, however fast the handler writes and however slowly the client reads.
 *
 * <p>{@link #close()} ends the response with what is gathered: a body that fits in one piece gets a Content-Length, a
 * longer one is chunked (HTTP/1.1), as with {@code write}/{@code end}. {@link #flush()} writes what is gathered now.
 *
 * <p><b>Threading.</b> One writer thread at a time, not the event loop: a write there that would have to wait fails at
 * once. A failed connection fails the blocked write with an {@link IOException}.
 */
final class ResponseOutputStream extends OutputStream {

    /** Bytes gathered before they are written as one body piece. */
    static final int PIECE_BYTES = 8 * 1024;

    private final DefaultServerResponse response;
    private final Exchange exchange;
    private final byte[] piece = new byte[PIECE_BYTES];
    private int filled;
    private boolean closed;

    ResponseOutputStream(DefaultServerResponse response, Exchange exchange) {
        this.response = response;
        this.exchange = exchange;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        requireOpen();
        while (length > 0) {
            int n = Math.min(length, PIECE_BYTES - filled);
            System.arraycopy(bytes, offset, piece, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == PIECE_BYTES) {
                writePiece();
            }
        }
    }

    /** Writes what is gathered now, blocking while the connection is above its high-water mark. */
    @Override
    public void flush() throws IOException {
        requireOpen();
        if (filled > 0) {
            writePiece();
        }
    }

    /** Ends the response with what is gathered; does not wait for it to be written. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            response.end(take());
        } catch (IllegalStateException ended) {
            throw new IOException("the response cannot be ended", ended);
        }
    }

    private void writePiece() throws IOException {
        boolean writable;
        try {
            writable = response.write(take());
        } catch (IllegalStateException ended) {
            throw new IOException("the response has ended", ended);
        }
        if (!writable) {
            awaitDrain();
        }
    }

    private ByteBuf take() {
        ByteBuf data = exchange.host().context().alloc().buffer(filled).writeBytes(piece, 0, filled);
        filled = 0;
        return data;
    }

    private void awaitDrain() throws IOException {
        if (exchange.inEventLoop()) {
            throw new IllegalStateException("outputStream() would block the event loop while the connection drains: "
                    + "run the handler on ConnectionConfig.handlerExecutor, or use write() and drained()");
        }
        try {
            response.drained().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the connection to drain");
        } catch (ExecutionException | CompletionException e) {
            throw new IOException("the connection closed before the response was written", e.getCause());
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("the response stream is closed");
        }
    }
}
