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
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The application's view of a request. The head is immutable and readable from any thread. Body calls claim their
 * effect on the caller's thread (the single consumer by compare-and-set, the pause flag by a volatile write) and hand
 * the rest to the event loop, where {@link RequestBody} owns the body's state.
 */
final class DefaultServerRequest extends RequestBody implements ServerRequest {

    private static final AtomicIntegerFieldUpdater<DefaultServerRequest> CLAIMED =
            AtomicIntegerFieldUpdater.newUpdater(DefaultServerRequest.class, "consumerClaimed");

    private final RequestHead head;

    private volatile int consumerClaimed;
    private volatile boolean paused;
    private volatile boolean complete;
    private volatile boolean aborted;
    private volatile Headers trailers = Headers.empty();
    /** Parsed on first use; the parse is pure, so two threads racing to it just build equal maps. */
    private volatile Map<String, List<String>> query;
    /** Node's header views, made on first use like {@link #query}. */
    private volatile Map<String, String> merged;
    private volatile Map<String, List<String>> distinct;

    DefaultServerRequest(Exchange exchange, RequestHead head) {
        super(exchange);
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
    public Map<String, List<String>> queryParameters() {
        Map<String, List<String>> parsed = query;
        if (parsed == null) {
            parsed = QueryString.parse(rawQuery());
            query = parsed;
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
    public Map<String, String> headersMerged() {
        Map<String, String> view = merged;
        if (view == null) {
            view = HeaderViews.merged(head.headers());
            merged = view;
        }
        return view;
    }

    @Override
    public Map<String, List<String>> headersDistinct() {
        Map<String, List<String>> view = distinct;
        if (view == null) {
            view = HeaderViews.distinct(head.headers());
            distinct = view;
        }
        return view;
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
        if (!CLAIMED.compareAndSet(this, 0, 1)) {
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
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        exchange.onLoop(this::onResume);
    }

    @Override
    public boolean isPaused() {
        return paused;
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

    /** The body ended; {@code received} are its trailers. Event loop. */
    void markComplete(Headers received) {
        trailers = received;
        complete = true;
    }

    /** The client left before the exchange was over. Event loop. */
    void markAborted() {
        aborted = true;
    }

    @Override
    public String toString() {
        return "ServerRequest(" + head.method() + ' ' + head.target() + ' ' + head.version() + ')';
    }
}
