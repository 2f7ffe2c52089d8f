package dev.h1.server.exchange;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.BodyTooLargeException;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Collects a request body into one array, up to a maximum ({@code bodyBytes(max)}): over it, the server answers 413
 * before the application hears of it, so that an answer the application writes in its callback cannot be dropped by
 * the close that follows (it finds the head already sent). Called on the event loop, like every body listener.
 */
final class BodyAggregator implements BodyListener {

    private final int maxBytes;
    private final Exchange exchange;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<byte[]> pieces = new ArrayList<>();
    private long size;

    BodyAggregator(int maxBytes, Exchange exchange) {
        this.maxBytes = maxBytes;
        this.exchange = exchange;
    }

    CompletionStage<byte[]> result() {
        return result;
    }

    @Override
    public void onData(ByteBuf data) {
        if (result.isDone()) {
            return;
        }
        size += data.readableBytes();
        if (size > maxBytes) {
            pieces.clear();
            exchange.fail(ServerError.BODY_TOO_LARGE, null); // RFC 9110 §15.5.14
            result.completeExceptionally(new BodyTooLargeException(maxBytes));
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
}
