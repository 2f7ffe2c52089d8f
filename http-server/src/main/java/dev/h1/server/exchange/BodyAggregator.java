package dev.h1.server.exchange;

import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.BodyTooLargeException;
import dev.h1.server.api.BodyTooLargeHandler;
import io.netty.buffer.ByteBuf;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Collects a request body into one array, up to a maximum ({@code bodyBytes(max)}): over it, the server answers 413
 * (or the application's {@link BodyTooLargeHandler} does) before the stage fails, so that an answer the application
 * writes in its callback cannot be dropped by the close that follows (it finds the head already sent). A body whose
 * {@code Content-Length} already declares more is refused at once, without reading it and without 100 (Continue).
 * Called on the event loop, like every body listener.
 */
final class BodyAggregator implements BodyListener {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(BodyAggregator.class);

    private final int maxBytes;
    private final Exchange exchange;
    private final BodyTooLargeHandler tooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<byte[]> pieces = new ArrayList<>();
    private long size;

    /** @param tooLarge the application's answer to a body over the limit, or null for the server's */
    BodyAggregator(int maxBytes, Exchange exchange, BodyTooLargeHandler tooLarge) {
        this.maxBytes = maxBytes;
        this.exchange = exchange;
        this.tooLarge = tooLarge;
    }

    CompletionStage<byte[]> result() {
        return result;
    }

    /** Whether the request declares a longer body than allowed: refused before a byte of it is read. */
    boolean isRefusedByItsLength() {
        return exchange.head().framing() == Framing.CONTENT_LENGTH && exchange.head().contentLength() > maxBytes;
    }

    /** Refuses the body on its declared length: it stays unread, and the connection closes after the answer. */
    void refuseByLength() {
        BodyTooLargeException cause = new BodyTooLargeException(maxBytes);
        exchange.failRequest(cause);
        refuse(cause);
    }

    @Override
    public void onData(ByteBuf data) {
        if (result.isDone()) {
            return;
        }
        size += data.readableBytes();
        if (size > maxBytes) {
            pieces.clear();
            refuse(new BodyTooLargeException(maxBytes));
            return;
        }
        byte[] piece = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), piece);
        pieces.add(piece);
    }

    @Override
    public void onEnd(Headers trailers) {
        if (result.isDone()) {
            return;
        }
        byte[] all = new byte[(int) size];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        pieces.clear();
        result.complete(all);
    }

    @Override
    public void onError(Throwable cause) {
        pieces.clear();
        result.completeExceptionally(cause);
    }

    /** RFC 9110 §15.5.14: 413, the application's or the server's, then close; then the stage fails. */
    private void refuse(BodyTooLargeException cause) {
        exchange.closeAfterResponse(ServerError.BODY_TOO_LARGE.closeReason());
        if (tooLarge != null && !exchange.response().headersSent()) {
            try {
                tooLarge.answer(exchange.response(), cause);
            } catch (RuntimeException e) {
                LOG.warn("{} body-too-large handler failed", exchange.host().context().channel(), e);
            }
        }
        if (!exchange.response().writableEnded()) {
            exchange.fail(ServerError.BODY_TOO_LARGE, null);
        }
        result.completeExceptionally(cause);
    }
}
