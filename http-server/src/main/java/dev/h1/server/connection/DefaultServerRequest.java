package dev.h1.server.connection;

import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.RequestHead;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.BodyTooLargeException;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.ServerRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The request side of an {@link Exchange}. Body messages reach it only through {@link Http1Connection}, which holds
 * them back (and stops reading the socket) while nobody consumes the body or it is paused. Head accessors are
 * immutable and safe from any thread; body methods hop to the event loop.
 */
final class DefaultServerRequest implements ServerRequest {

    private final Exchange exchange;
    private final RequestHead head;

    private Map<String, List<String>> query;
    private BodyListener consumer;
    private volatile boolean paused; // written on the event loop, read by isPaused() from any thread
    private volatile boolean complete;
    private volatile boolean aborted;
    private volatile Headers trailers = Headers.empty();
    /** Claimed by {@link #body} on the caller's thread, so that a second consumer fails at once on any thread. */
    private volatile boolean bodyClaimed;

    DefaultServerRequest(Exchange exchange, RequestHead head) {
        this.exchange = exchange;
        this.head = head;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String url() {
        return head.target();
    }

    @Override
    public String path() {
        return QueryString.path(head.target());
    }

    @Override
    public String rawQuery() {
        return QueryString.rawQuery(head.target());
    }

    @Override
    public synchronized Map<String, List<String>> queryParameters() {
        if (query == null) {
            query = QueryString.parse(rawQuery());
        }
        return query;
    }

    @Override
    public String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public HttpVersion version() {
        return head.version();
    }

    @Override
    public Headers headers() {
        return head.headers();
    }

    @Override
    public String header(String name) {
        return head.headers().get(name);
    }

    @Override
    public List<String> rawHeaders() {
        Headers headers = head.headers();
        List<String> raw = new ArrayList<>(headers.size() * 2);
        for (int i = 0; i < headers.size(); i++) {
            raw.add(headers.name(i));
            raw.add(headers.value(i));
        }
        return Collections.unmodifiableList(raw);
    }

    @Override
    public SocketAddress remoteAddress() {
        return exchange.connection().remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return exchange.connection().localAddress();
    }

    @Override
    public boolean isKeepAlive() {
        return exchange.persistence() == Persistence.KEEP_ALIVE;
    }

    @Override
    public HttpConnection connection() {
        return exchange.connection();
    }

    @Override
    public Channel channel() {
        return exchange.connection().channel();
    }

    @Override
    public void body(BodyListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        synchronized (this) {
            if (bodyClaimed) {
                throw new IllegalStateException("the request body already has a consumer");
            }
            bodyClaimed = true;
        }
        onLoop(() -> consume(listener));
    }

    @Override
    public void pause() {
        onLoop(() -> paused = true);
    }

    @Override
    public void resume() {
        onLoop(() -> {
            paused = false;
            exchange.connection().deliverPending();
        });
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public CompletionStage<byte[]> bodyBytes(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
        }
        BodyAggregator aggregator = new BodyAggregator(maxBytes, () -> exchange.onBodyTooLarge(maxBytes));
        body(aggregator);
        return aggregator.result();
    }

    @Override
    public CompletionStage<String> bodyString(int maxBytes, Charset charset) {
        return bodyBytes(maxBytes).thenApply(bytes -> new String(bytes, charset));
    }

    @Override
    public Headers trailers() {
        return trailers;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public boolean isAborted() {
        return aborted;
    }

    @Override
    public CompletionStage<Void> closed() {
        return exchange.closedStage();
    }

    // ---- event-loop side, called by Http1Connection and Exchange ----

    private void consume(BodyListener listener) {
        if (consumer != null) {
            throw new IllegalStateException("the request body already has a consumer");
        }
        consumer = listener;
        exchange.onBodyRequested();
        if (complete) {
            deliverEnd(listener);
        } else {
            exchange.connection().deliverPending();
        }
    }

    /** Whether the connection may hand this request body messages now. */
    boolean acceptsBody() {
        return consumer != null && !paused;
    }

    boolean hasBody() {
        return head.framing() != Framing.NONE;
    }

    boolean hasConsumer() {
        return consumer != null;
    }

    /** Lends {@code data} to the consumer for the call. */
    void onData(ByteBuf data) throws Exception {
        consumer.onData(data);
    }

    void onEnd(Headers received) {
        trailers = received;
        complete = true;
        if (consumer != null) {
            deliverEnd(consumer);
        }
    }

    private void deliverEnd(BodyListener listener) {
        try {
            listener.onEnd(trailers);
        } catch (Exception e) {
            exchange.onApplicationError(e);
        }
    }

    /** Discards the rest of the body (after a response that did not read it), up to {@code maxBytes}. */
    void drain(long maxBytes) {
        paused = false;
        consumer = new BodyDrain(maxBytes, () -> exchange.onDrainLimitExceeded());
    }

    /** The body will not complete. */
    void fail(Throwable cause, boolean clientAborted) {
        if (clientAborted) {
            aborted = true; // the client went away before the exchange completed, even if its body was all in
        }
        if (complete) {
            return;
        }
        complete = true;
        if (consumer != null) {
            consumer.onError(cause);
        }
    }

    private void onLoop(Runnable task) {
        exchange.connection().onLoop(task);
    }

    @Override
    public String toString() {
        return "ServerRequest(" + head.method() + ' ' + head.target() + ' ' + head.version() + ')';
    }

    /** Aggregates the body into one array, up to a maximum. */
    private static final class BodyAggregator implements BodyListener {
        private final int maxBytes;
        private final Runnable onTooLarge;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<byte[]> pieces = new ArrayList<>();
        private long size;

        BodyAggregator(int maxBytes, Runnable onTooLarge) {
            this.maxBytes = maxBytes;
            this.onTooLarge = onTooLarge;
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
                // RFC 9110 §15.5.14: answer 413 before the application hears of it, so that an answer it writes in
                // its callback cannot be dropped by the close that follows (it finds the head already sent).
                onTooLarge.run();
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

    /** Reads and discards a body nobody wanted, up to a bound. */
    private static final class BodyDrain implements BodyListener {
        private final long maxBytes;
        private final Runnable onExceeded;
        private long drained;

        BodyDrain(long maxBytes, Runnable onExceeded) {
            this.maxBytes = maxBytes;
            this.onExceeded = onExceeded;
        }

        @Override
        public void onData(ByteBuf data) {
            drained += data.readableBytes();
            if (drained > maxBytes) {
                onExceeded.run();
            }
        }
    }
}
