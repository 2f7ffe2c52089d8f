package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The three deadlines of a connection's read side, and the current exchange's inactivity timeout:
 * <ul>
 *   <li>keep-alive: while waiting for the first byte of the next request, after the last response was written;</li>
 *   <li>headers: from the start of a request (the connection's open, or its first byte) until its head is
 *       complete;</li>
 *   <li>request: from the start of a request until its body is complete.</li>
 * </ul>
 * They are deadlines, not idle timers: a client that trickles bytes does not extend them (slowloris). A zero duration
 * disables a deadline. The exchange's timeout ({@link #watchExchange}) is an idle timer, kept with the same one check.
 *
 * <p>Deadlines are kept as timestamps on the event loop's clock, with at most one scheduled check per connection,
 * armed for the earliest of them. Moving a deadline later schedules nothing: the check, when it comes early, finds
 * nothing due and re-arms for what is left. A connection serving request after request therefore schedules about one
 * task per keep-alive period, not one or more per request (the server profile of issue 10 showed timer scheduling
 * and cancelling at 6% of the CPU under pipelining). The clock is the executor's ticker, read once per read batch
 * through the connection's {@link BatchClock}, so EmbeddedChannel tests drive it with
 * {@code freezeTime()}/{@code advanceTimeBy()}.
 *
 * <p><b>Threading.</b> Event loop only.
 */
final class Deadlines implements Runnable {

    /** What the connection does when a deadline passes. */
    interface Expiry {
        void onKeepAliveTimeout();

        void onHeadersTimeout();

        void onRequestTimeout();
    }

    private static final long OFF = Long.MAX_VALUE;

    private final EventExecutor executor;
    private final Expiry expiry;
    private final long keepAliveNanos;
    private final long headersNanos;
    private final long requestNanos;

    private long keepAliveAt = OFF;
    private long headersAt = OFF;
    private long requestAt = OFF;
    private ScheduledFuture<?> check;
    private long checkAt = OFF;

    /**
     * The exchange's own inactivity timeout ({@code req.setTimeout}/{@code res.setTimeout}): unlike the three above an
     * idle timer, but kept the same way. Activity only moves {@link #exchangeActiveAt}; the check, when it comes,
     * finds the timer moved and re-arms for what is left, so no task is scheduled per read or write.
     */
    private long exchangeIdleNanos;
    private long exchangeActiveAt;
    private long exchangeIdleAt = OFF;
    private Runnable onExchangeIdle;

    /** The connection's clock: one ticker read per read batch, shared with the encoder's Date field. */
    private final BatchClock clock;

    Deadlines(EventExecutor executor, BatchClock clock, ConnectionConfig config, Expiry expiry) {
        this.executor = executor;
        this.clock = clock;
        this.expiry = expiry;
        this.keepAliveNanos = nanos(config.keepAliveTimeout());
        this.headersNanos = nanos(config.headersTimeout());
        this.requestNanos = nanos(config.requestTimeout());
    }

    /** Between requests: only the keep-alive deadline runs. */
    void awaitNextRequest() {
        long now = now();
        keepAliveAt = after(now, keepAliveNanos);
        headersAt = OFF;
        requestAt = OFF;
        arm(now);
    }

    /** Whether no request is being timed: the connection waits for the first byte of the next one. */
    boolean isBetweenRequests() {
        return headersAt == OFF && requestAt == OFF;
    }

    /** A request started (the connection opened, or a first byte arrived after keep-alive). */
    void requestStarted() {
        long now = now();
        keepAliveAt = OFF;
        headersAt = after(now, headersNanos);
        requestAt = after(now, requestNanos);
        arm(now);
    }

    /** The head is in: its deadline is met. A pipelined head (received earlier) starts its request deadline now. */
    void headReceived() {
        keepAliveAt = OFF;
        headersAt = OFF;
        if (requestAt == OFF && requestNanos != 0) {
            long now = now();
            requestAt = now + requestNanos;
            arm(now);
        }
    }

    /** The whole request is in. */
    void requestReceived() {
        requestAt = OFF;
    }

    /**
     * Watches the current exchange for {@code timeout} of inactivity (nothing read for it, nothing written by it),
     * from now; {@code onIdle} runs once when it passes. {@link Duration#ZERO} stops watching.
     */
    void watchExchange(Duration timeout, Runnable onIdle) {
        long now = now();
        exchangeIdleNanos = timeout.toNanos();
        if (exchangeIdleNanos == 0) {
            unwatchExchange();
            return;
        }
        exchangeActiveAt = now;
        exchangeIdleAt = now + exchangeIdleNanos;
        onExchangeIdle = onIdle;
        arm(now);
    }

    /** The exchange is over, or no longer wants its timeout. */
    void unwatchExchange() {
        exchangeIdleAt = OFF;
        onExchangeIdle = null;
    }

    /** Something was read for the watched exchange, or written by it; cheap when no exchange is watched. */
    void exchangeActive() {
        if (exchangeIdleAt != OFF) {
            exchangeActiveAt = now();
        }
    }

    void cancelAll() {
        clock.batchEnded();
        unwatchExchange();
        keepAliveAt = OFF;
        headersAt = OFF;
        requestAt = OFF;
        if (check != null) {
            check.cancel(false);
            check = null;
            checkAt = OFF;
        }
    }

    /** The scheduled check: runs the deadlines that passed, then re-arms for the rest. */
    @Override
    public void run() {
        check = null;
        checkAt = OFF;
        clock.batchEnded(); // a task of its own, outside any read: a batch whose end was not announced ends here
        long now = now();
        if (keepAliveAt <= now) {
            keepAliveAt = OFF;
            expiry.onKeepAliveTimeout();
        }
        if (headersAt <= now) {
            headersAt = OFF;
            expiry.onHeadersTimeout();
        }
        if (requestAt <= now) {
            requestAt = OFF;
            expiry.onRequestTimeout();
        }
        if (exchangeIdleAt <= now) {
            checkExchangeIdle(now);
        }
        arm(now());
    }

    /** The exchange's timer is due, unless activity moved it: then it waits for the rest. */
    private void checkExchangeIdle(long now) {
        long due = exchangeActiveAt + exchangeIdleNanos;
        if (due > now) {
            exchangeIdleAt = due;
            return;
        }
        Runnable onIdle = onExchangeIdle;
        unwatchExchange();
        onIdle.run();
    }

    /** Schedules the check for the earliest deadline, unless one is armed for that time or earlier. */
    private void arm(long now) {
        long next = Math.min(Math.min(keepAliveAt, exchangeIdleAt), Math.min(headersAt, requestAt));
        if (next == OFF || next >= checkAt) {
            return;
        }
        if (check != null) {
            check.cancel(false);
        }
        checkAt = next;
        check = executor.schedule(this, Math.max(0, next - now), TimeUnit.NANOSECONDS);
    }

    private long now() {
        return clock.nanoTime();
    }

    private static long after(long now, long nanos) {
        return nanos == 0 ? OFF : now + nanos;
    }

    private static long nanos(Duration timeout) {
        return timeout.toNanos();
    }
}
