package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The three deadlines of a connection's read side, scheduled on its event loop (so EmbeddedChannel tests drive them
 * with {@code freezeTime()}/{@code advanceTimeBy()}):
 * <ul>
 *   <li>keep-alive: runs while waiting for the first byte of the next request;</li>
 *   <li>headers: from the start of a request (connection open, or its first byte) until its head is complete;</li>
 *   <li>request: from the start of a request until its body is complete.</li>
 * </ul>
 * They are deadlines, not idle timers: a client that trickles bytes does not extend them (slowloris). A zero
 * duration disables a deadline. Used only on the event loop.
 */
final class ConnectionTimers {

    /** What the connection does when a deadline passes. */
    interface Expiry {
        void onKeepAliveTimeout();

        void onHeadersTimeout();

        void onRequestTimeout();
    }

    private final EventExecutor executor;
    private final ConnectionConfig config;
    private final Expiry expiry;

    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> headers;
    private ScheduledFuture<?> request;
    private boolean awaitingNextRequest;

    ConnectionTimers(EventExecutor executor, ConnectionConfig config, Expiry expiry) {
        this.executor = executor;
        this.config = config;
        this.expiry = expiry;
    }

    /** Between requests: only the keep-alive deadline runs. */
    void awaitNextRequest() {
        cancelAll();
        awaitingNextRequest = true;
        keepAlive = schedule(config.keepAliveTimeout(), expiry::onKeepAliveTimeout);
    }

    /** Whether the connection is idle between requests, waiting for a first byte. */
    boolean isAwaitingNextRequest() {
        return awaitingNextRequest;
    }

    /** A request started (the connection opened, or a first byte arrived after keep-alive). */
    void requestStarted() {
        cancelAll();
        headers = schedule(config.headersTimeout(), expiry::onHeadersTimeout);
        request = schedule(config.requestTimeout(), expiry::onRequestTimeout);
    }

    /** The head arrived: its deadline is met. A pipelined head (already buffered) starts its request deadline now. */
    void headReceived() {
        awaitingNextRequest = false;
        keepAlive = cancel(keepAlive);
        headers = cancel(headers);
        if (request == null) {
            request = schedule(config.requestTimeout(), expiry::onRequestTimeout);
        }
    }

    /** The whole request arrived. */
    void requestReceived() {
        request = cancel(request);
    }

    void cancelAll() {
        awaitingNextRequest = false;
        keepAlive = cancel(keepAlive);
        headers = cancel(headers);
        request = cancel(request);
    }

    private ScheduledFuture<?> schedule(Duration timeout, Runnable task) {
        if (timeout.isZero()) {
            return null;
        }
        return executor.schedule(task, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }
}
