package dev.h1.server.exchange;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.RequestHead;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.BodyTooLargeHandler;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.ServerRequest;
import io.netty.channel.Channel;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The application's view of a request. The head is immutable and readable from any thread. Body calls claim their
 * effect on the caller's thread (the single consumer and the pause flag by atomic bit operations on one field) and
 * hand the rest to the event loop, where {@link RequestBody} owns the body's state.
 */
final class DefaultServerRequest extends RequestBody implements ServerRequest {

    /** The body has its one consumer, claimed by an atomic bit-or on the caller's thread: only one finds it unset. */
    private static final int CONSUMER_CLAIMED = 1;
    private static final int PAUSED = 2;
    /** The body ended (event loop): {@link #trailers} are final. */
    private static final int COMPLETE = 4;
    /** The client left before the exchange was over (event loop). */
    private static final int ABORTED = 8;

    private static final VarHandle FLAGS = FieldHandles.of(MethodHandles.lookup(), "flags", int.class);

    /**
     * {@link #CONSUMER_CLAIMED}, {@link #PAUSED}, {@link #COMPLETE}, {@link #ABORTED}, each set and cleared atomically
     * from any thread: one field, not four (PipelineBenchmark in http-tests counts the bytes per request).
     */
    private volatile int flags;
    /**
     * The trailers once the body ended with some; null for none, so that no volatile store is made per request for
     * them (each costs a fence; see {@code ResponseClaims.draft}).
     */
    private volatile Headers trailers;
    /** The query and header maps, made on first use: most requests ask for none of them. */
    private volatile Views views;

    DefaultServerRequest(Exchange exchange) {
        super(exchange);
    }

    /** The head, the exchange's: not a field of its own, which would be four bytes more per request. */
    private RequestHead head() {
        return exchange.head();
    }

    private boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Sets {@code flag}; returns whether it was set already. */
    private boolean set(int flag) {
        return ((int) FLAGS.getAndBitwiseOr(this, flag) & flag) != 0;
    }

    private void clear(int flag) {
        FLAGS.getAndBitwiseAnd(this, ~flag);
    }

    private Views views() {
        Views made = views;
        if (made == null) {
            made = new Views();
            views = made; // two threads racing here make two: each parse is pure, so both give equal maps
        }
        return made;
    }

    @Override
    public String method() {
        return head().method();
    }

    @Override
    public String url() {
        return head().target();
    }

    @Override
    public String path() {
        return QueryString.path(head().target());
    }

    @Override
    public String rawQuery() {
        return QueryString.rawQuery(head().target());
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        Views made = views();
        Map<String, List<String>> parsed = made.query;
        if (parsed == null) {
            parsed = QueryString.parse(rawQuery());
            made.query = parsed;
        }
        return parsed;
    }

    @Override
    public String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public HttpVersion version() {
        return head().version();
    }

    @Override
    public Headers headers() {
        return head().headers();
    }

    @Override
    public String header(String name) {
        return head().headers().get(name);
    }

    @Override
    public Map<String, String> headersMerged() {
        Views made = views();
        Map<String, String> view = made.merged;
        if (view == null) {
            view = HeaderViews.merged(head().headers());
            made.merged = view;
        }
        return view;
    }

    @Override
    public Map<String, List<String>> headersDistinct() {
        Views made = views();
        Map<String, List<String>> view = made.distinct;
        if (view == null) {
            view = HeaderViews.distinct(head().headers());
            made.distinct = view;
        }
        return view;
    }

    @Override
    public List<String> rawHeaders() {
        Headers headers = head().headers();
        List<String> raw = new ArrayList<>(headers.size() * 2);
        for (int i = 0; i < headers.size(); i++) {
            raw.add(headers.name(i));
            raw.add(headers.value(i));
        }
        return Collections.unmodifiableList(raw);
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection().remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return connection().localAddress();
    }

    @Override
    public boolean isKeepAlive() {
        return exchange.isKeepAlive();
    }

    @Override
    public HttpConnection connection() {
        return exchange.host().connection();
    }

    @Override
    public Channel channel() {
        return connection().channel();
    }

    @Override
    public void body(BodyListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        claimConsumer();
        exchange.onLoop(() -> consume(listener));
    }

    private void claimConsumer() {
        if (set(CONSUMER_CLAIMED)) {
            throw new IllegalStateException("the request body already has a consumer");
        }
    }

    @Override
    public ServerRequest setTimeout(Duration timeout, Runnable listener) {
        exchange.watchForInactivity(timeout, listener);
        return this;
    }

    @Override
    public void pause() {
        set(PAUSED);
    }

    @Override
    public void resume() {
        clear(PAUSED);
        exchange.onLoop(this::onResume);
    }

    @Override
    public boolean isPaused() {
        return has(PAUSED);
    }

    @Override
    public CompletionStage<byte[]> bodyBytes(int maxBytes) {
        return bodyBytes(maxBytes, null);
    }

    @Override
    public CompletionStage<byte[]> bodyBytes(int maxBytes, BodyTooLargeHandler tooLarge) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
        }
        BodyAggregator aggregator = new BodyAggregator(maxBytes, exchange, tooLarge);
        claimConsumer();
        exchange.onLoop(() -> {
            if (aggregator.isRefusedByItsLength()) {
                aggregator.refuseByLength(); // RFC 9110 §15.5.14: no need to read what will be refused
            } else {
                consume(aggregator);
            }
        });
        return aggregator.result();
    }

    @Override
    public CompletionStage<String> bodyString(int maxBytes, Charset charset) {
        return bodyBytes(maxBytes).thenApply(bytes -> new String(bytes, charset));
    }

    @Override
    public InputStream bodyStream() {
        BodyInputStream stream = new BodyInputStream(this, exchange,
                exchange.host().config().writeBufferHighWaterMark());
        body(stream);
        return stream;
    }

    @Override
    public Headers trailers() {
        Headers received = trailers;
        return received != null ? received : Headers.empty();
    }

    @Override
    public boolean isComplete() {
        return has(COMPLETE);
    }

    @Override
    public boolean isAborted() {
        return has(ABORTED);
    }

    @Override
    public CompletionStage<Void> closed() {
        return exchange.closedStage();
    }

    /** The body ended; {@code received} are its trailers. Event loop. */
    void markComplete(Headers received) {
        if (!received.isEmpty()) {
            trailers = received; // set(COMPLETE) below publishes it
        }
        set(COMPLETE);
    }

    /** The client left before the exchange was over. Event loop. */
    void markAborted() {
        set(ABORTED);
    }

    @Override
    public String toString() {
        return "ServerRequest(" + head().method() + ' ' + head().target() + ' ' + head().version() + ')';
    }

    /** Node's query and header maps, each parsed on first use; a parse is pure, so racing threads build equal maps. */
    private static final class Views {
        volatile Map<String, List<String>> query;
        volatile Map<String, String> merged;
        volatile Map<String, List<String>> distinct;
    }
}
