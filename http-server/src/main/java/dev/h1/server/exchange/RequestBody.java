package dev.h1.server.exchange;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * The read side of an exchange: who takes the request body, and how far it has come. The connection hands it body
 * messages only when {@link #accepts} says so; what it does not accept waits in the connection's queue, with reading
 * from the socket paused.
 *
 * <p><b>Threading.</b> Event loop only. The application's calls arrive through {@link DefaultServerRequest}, which
 * claims them (one consumer, the pause flag) on the caller's thread and hands the rest over. The facade extends this
 * class rather than holding it, so an exchange makes one object for its request, not two (PipelineBenchmark in
 * http-tests, {@code -prof gc}: 24 bytes less per request), as {@link DefaultServerResponse} extends
 * {@link ResponseClaims}.
 *
 * <p><b>Buffers.</b> Each piece is lent to the consumer for the call and released here afterwards.
 */
abstract class RequestBody {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RequestBody.class);

    /** How far the body has come, and who takes it. */
    enum ReadState {
        /** Body pieces wait for a consumer (a request without a body ends here at once). */
        AWAITING_CONSUMER,
        /** A consumer takes the pieces as they arrive, unless the request is paused. */
        STREAMING,
        /** The response ended first: the rest is read and discarded, up to the drain limit. */
        DRAINING,
        /** The body ended. */
        COMPLETE,
        /** The body will not end: the client left, a limit was exceeded, or the request was malformed. */
        FAILED
    }

    final Exchange exchange;
    private ReadState state = ReadState.AWAITING_CONSUMER;
    private BodyListener consumer;
    private Throwable failure;
    private long drainLeft;

    RequestBody(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Whether the request has body bytes that have not all arrived yet: it is still expected from the client. */
    boolean isExpected() {
        return exchange.head().framing() != Framing.NONE && !isDone();
    }

    boolean isDone() {
        return state == ReadState.COMPLETE || state == ReadState.FAILED;
    }

    boolean hasConsumer() {
        return state != ReadState.AWAITING_CONSUMER;
    }

    boolean wantsData() {
        return state == ReadState.DRAINING || state == ReadState.STREAMING && !exchange.facade().isPaused();
    }

    boolean accepts(Object msg) {
        return switch (state) {
            case STREAMING -> !exchange.facade().isPaused();
            // A request without a body completes without anybody asking for it.
            case AWAITING_CONSUMER -> msg instanceof EndOfBody && exchange.head().framing() == Framing.NONE;
            case DRAINING, COMPLETE, FAILED -> true; // discarded at once
        };
    }

    void onData(BodyChunk chunk) {
        try {
            switch (state) {
                case STREAMING -> consumer.onData(chunk.content());
                case DRAINING -> {
                    drainLeft -= chunk.content().readableBytes();
                    if (drainLeft < 0) {
                        exchange.fail(ServerError.DRAIN_LIMIT_EXCEEDED, null);
                    }
                }
                default -> {
                    // a body nobody takes any more: released below
                }
            }
        } catch (Exception | Error e) {
            exchange.failApplication(e);
        } finally {
            chunk.release();
        }
    }

    void onEnd(Headers trailers) {
        if (isDone()) {
            return;
        }
        boolean streaming = state == ReadState.STREAMING;
        state = ReadState.COMPLETE;
        exchange.facade().markComplete(trailers);
        if (streaming) {
            deliverEnd(consumer, trailers);
        }
    }

    /** Registers the consumer the application claimed through {@link DefaultServerRequest#body}. */
    void consume(BodyListener listener) {
        switch (state) {
            case AWAITING_CONSUMER -> {
                consumer = listener;
                state = ReadState.STREAMING;
                exchange.onBodyRequested();
                exchange.host().onBodyWanted(exchange);
            }
            case COMPLETE -> deliverEnd(listener, exchange.facade().trailers());
            case FAILED -> listener.onError(failure);
            case DRAINING, STREAMING -> listener.onError(new IllegalStateException(
                    "the request body was discarded: the response ended before it was read"));
        }
    }

    /** Reading may go on after {@link DefaultServerRequest#resume}. */
    void onResume() {
        if (state == ReadState.STREAMING) {
            exchange.host().onBodyWanted(exchange);
        }
    }

    /** Discards the rest of a body nobody took (after the response ended), up to {@code maxBytes}. */
    void drain(long maxBytes) {
        if (state == ReadState.AWAITING_CONSUMER) {
            state = ReadState.DRAINING;
            drainLeft = maxBytes;
            exchange.host().onBodyWanted(exchange);
        }
    }

    /** The body will not complete; its consumer hears {@code cause}. */
    void fail(Throwable cause) {
        if (isDone()) {
            return;
        }
        boolean streaming = state == ReadState.STREAMING;
        state = ReadState.FAILED;
        failure = cause;
        if (streaming) {
            try {
                consumer.onError(cause);
            } catch (RuntimeException e) {
                // The request is failing anyway: the connection must still release its buffers and answer or close.
                LOG.warn("{} body listener failed in onError", exchange.host().context().channel(), e);
            }
        }
    }

    /** The client left: the request is aborted even if its body was all in (Node's {@code req.aborted}). */
    void abort(Throwable cause) {
        exchange.facade().markAborted();
        fail(cause);
    }

    private void deliverEnd(BodyListener listener, Headers trailers) {
        try {
            listener.onEnd(trailers);
        } catch (Exception | Error e) {
            exchange.failApplication(e);
        }
    }

    /** How far the body has come. */
    ReadState readState() {
        return state;
    }
}
