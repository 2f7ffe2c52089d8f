package dev.h1.server.exchange;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request body as a blocking {@link InputStream} ({@code req.bodyStream()}), for a handler that runs on a thread
 * of its own (the handler executor). The event loop copies each body piece into the stream's queue as it arrives; a
 * reader takes the pieces, blocking while none is there.
 *
 * <p><b>Back-pressure.</b> While the queue holds {@code maxBuffered} bytes or more, the request is paused, so the
 * connection stops reading from the socket; once the reader has taken it down to half, the request resumes. The pause
 * and the resume race without a lock: the loop looks at the queue's size after pausing, the reader at the pause after
 * taking, so at least one of them sees the other and resumes (a second resume is harmless).
 *
 * <p><b>Threading.</b> {@link BodyListener} calls on the event loop; reads on any other thread. On the event loop a
 * read never blocks it: one that would have to wait fails at once. <b>Buffers.</b> Pieces are copied out of the lent
 * buffer; the stream holds no {@link ByteBuf}, so a stream nobody reads to its end leaks nothing.
 */
final class BodyInputStream extends InputStream implements BodyListener {

    /** The end of the body, in the queue after its last piece. */
    private static final Object END = new Object();

    private final DefaultServerRequest request;
    private final Exchange exchange;
    private final long maxBuffered;
    private final LinkedBlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
    private final AtomicLong buffered = new AtomicLong();

    /** Reader's side only: the piece being read, and where. */
    private byte[] current;
    private int position;
    /** Reader's side only: END or the failure, once taken. */
    private Object last;
    private volatile boolean closed;

    BodyInputStream(DefaultServerRequest request, Exchange exchange, long maxBuffered) {
        this.request = request;
        this.exchange = exchange;
        this.maxBuffered = maxBuffered;
    }

    // ---- the event loop's side ----

    @Override
    public void onData(ByteBuf data) {
        if (closed) {
            return; // the reader closed the stream: the rest is discarded
        }
        byte[] piece = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), piece);
        pieces.add(piece);
        if (buffered.addAndGet(piece.length) >= maxBuffered) {
            request.pause();
            if (buffered.get() <= maxBuffered / 2) {
                request.resume(); // the reader took it down meanwhile and did not see the pause
            }
        }
    }

    @Override
    public void onEnd(Headers trailers) {
        pieces.add(END);
    }

    @Override
    public void onError(Throwable cause) {
        pieces.add(cause);
    }

    // ---- the reader's side ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, into, offset, n);
        position += n;
        if (position == current.length) {
            current = null;
        }
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length - position;
    }

    /** Stops reading: the rest of the body is discarded as it arrives (the request resumes if it was paused). */
    @Override
    public void close() {
        closed = true;
        pieces.clear();
        buffered.set(0);
        current = null;
        if (request.isPaused()) {
            request.resume();
        }
    }

    /** Makes {@link #current} a piece with bytes left; false at the end. Blocks. */
    private boolean fill() throws IOException {
        while (current == null) {
            if (closed) {
                throw new IOException("the body stream is closed");
            }
            if (last != null) {
                return atEnd();
            }
            Object next = exchange.inEventLoop() ? pieces.poll() : take();
            if (next == null) {
                throw new IllegalStateException("bodyStream() read on the event loop would block it: run the handler "
                        + "on ConnectionConfig.handlerExecutor, or use body(listener)");
            }
            if (next instanceof byte[] piece) {
                taken(piece.length);
                if (piece.length > 0) {
                    current = piece;
                    position = 0;
                }
            } else {
                last = next;
            }
        }
        return true;
    }

    private Object take() throws IOException {
        try {
            return pieces.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the request body");
        }
    }

    private boolean atEnd() throws IOException {
        if (last == END) {
            return false;
        }
        throw new IOException("the request body failed", (Throwable) last);
    }

    private void taken(int bytes) {
        if (buffered.addAndGet(-bytes) <= maxBuffered / 2 && request.isPaused()) {
            request.resume();
        }
    }
}
