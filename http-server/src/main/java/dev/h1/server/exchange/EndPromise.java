package dev.h1.server.exchange;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.AbstractFuture;
import io.netty.util.concurrent.BlockingOperationException;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The promise a response's end is written with ({@link ResponseWriter}): its outcome goes straight to the
 * {@link Exchange}, the one party that always waits for it, without a listener. Why not Netty's
 * {@code DefaultChannelPromise} with the exchange as its listener: adding the listener and notifying it take the
 * promise's monitor twice and go through its listener machinery, and the promise is one more object per exchange.
 * PipelineBenchmark in http-tests, h1Plaintext, A/B of 4 interleaved rounds against a build that wrote the end with
 * the void promise: that machinery cost 110 to 170 ns of about 1,200 per request; with this promise, six interleaved
 * rounds against its parent commit: medians about 1,234 → 1,100 ns, and 16 bytes less per request.
 *
 * <p>It is a whole {@link ChannelPromise} all the same: handlers between the encoder and the transport (TLS, a
 * handler of the application) may add listeners to it, wait for it or complete it, as they may any write's promise.
 * Listeners and waiters are the rare path and take the monitor; completing it takes it only when someone waits.
 * It cannot be cancelled: the exchange must learn how its end went.
 *
 * <p><b>Threading.</b> Completed once, normally on the event loop by the channel's outbound buffer; from any other
 * thread the exchange and the listeners hear of it on the event loop, as with Netty's promises. The exchange hears
 * first, then the listeners in the order they were added.
 */
final class EndPromise extends AbstractFuture<Void> implements ChannelPromise {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(EndPromise.class);
    private static final Object SUCCESS = new Object();
    /** The time limit of {@link #await()}: none. */
    private static final long FOREVER = -1;
    private static final AtomicReferenceFieldUpdater<EndPromise, Object> RESULT =
            AtomicReferenceFieldUpdater.newUpdater(EndPromise.class, Object.class, "result");

    private final ChannelHandlerContext ctx;
    private final Exchange exchange;
    /** {@code null} while pending, then {@link #SUCCESS} or the failure. */
    private volatile Object result;
    /**
     * Listeners not yet notified: null, one {@link GenericFutureListener}, or a {@code List} of them. Changed under the
     * monitor; volatile so that completing reads it without the monitor (either the completer sees a listener added,
     * or the adder sees the promise done, and the one that takes the listeners under the monitor notifies them).
     */
    private volatile Object listeners;
    /** Threads waiting in {@code await}; changed under the monitor, read without it by {@link #complete}. */
    private volatile int waiters;

    /** @param ctx the context of the handler that writes the end (its event loop is the exchange's) */
    EndPromise(ChannelHandlerContext ctx, Exchange exchange) {
        this.ctx = ctx;
        this.exchange = exchange;
    }

    @Override
    public Channel channel() {
        return ctx.channel();
    }

    @Override
    public boolean isVoid() {
        return false;
    }

    @Override
    public ChannelPromise unvoid() {
        return this;
    }

    // ---- the outcome ----

    @Override
    public boolean isDone() {
        return result != null;
    }

    @Override
    public boolean isSuccess() {
        return result == SUCCESS;
    }

    @Override
    public Throwable cause() {
        return result instanceof Throwable failure ? failure : null;
    }

    @Override
    public Void getNow() {
        return null;
    }

    @Override
    public boolean isCancellable() {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean setUncancellable() {
        return true;
    }

    // ---- completing ----

    @Override
    public boolean trySuccess() {
        return complete(SUCCESS);
    }

    @Override
    public boolean trySuccess(Void result) {
        return complete(SUCCESS);
    }

    @Override
    public boolean tryFailure(Throwable cause) {
        return complete(Objects.requireNonNull(cause, "cause"));
    }

    @Override
    public ChannelPromise setSuccess() {
        return setSuccess(null);
    }

    @Override
    public ChannelPromise setSuccess(Void result) {
        if (!trySuccess()) {
            throw new IllegalStateException("complete already: " + this);
        }
        return this;
    }

    @Override
    public ChannelPromise setFailure(Throwable cause) {
        if (!tryFailure(cause)) {
            throw new IllegalStateException("complete already: " + this, cause);
        }
        return this;
    }

    private boolean complete(Object outcome) {
        if (!RESULT.compareAndSet(this, null, outcome)) {
            return false;
        }
        if (waiters > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
        if (ctx.executor().inEventLoop()) {
            notifyOutcome();
        } else {
            exchange.onLoop(this::notifyOutcome);
        }
        return true;
    }

    /** On the event loop: the exchange hears how its end went, then the listeners. */
    private void notifyOutcome() {
        exchange.endWritten(cause());
        if (listeners != null) {
            notifyListeners();
        }
    }

    // ---- listeners: the rare path ----

    @Override
    public ChannelPromise addListener(GenericFutureListener<? extends Future<? super Void>> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            Object current = listeners;
            if (current == null) {
                listeners = listener;
            } else {
                List<Object> all = current instanceof List<?> list ? new ArrayList<>(list) : newList(current);
                all.add(listener);
                listeners = all;
            }
        }
        if (isDone()) {
            notifyListeners();
        }
        return this;
    }

    @Override
    @SafeVarargs
    public final ChannelPromise addListeners(GenericFutureListener<? extends Future<? super Void>>... added) {
        for (GenericFutureListener<? extends Future<? super Void>> listener : added) {
            if (listener == null) {
                break; // as Netty's promises: the array ends at its first null
            }
            addListener(listener);
        }
        return this;
    }

    @Override
    public ChannelPromise removeListener(GenericFutureListener<? extends Future<? super Void>> listener) {
        synchronized (this) {
            Object current = listeners;
            if (current == listener) {
                listeners = null;
            } else if (current instanceof List<?> list && list.contains(listener)) {
                List<Object> rest = new ArrayList<>(list);
                rest.remove(listener);
                listeners = rest;
            }
        }
        return this;
    }

    @Override
    @SafeVarargs
    public final ChannelPromise removeListeners(GenericFutureListener<? extends Future<? super Void>>... removed) {
        for (GenericFutureListener<? extends Future<? super Void>> listener : removed) {
            if (listener == null) {
                break;
            }
            removeListener(listener);
        }
        return this;
    }

    /** Notifies, on the event loop, the listeners not notified yet; each is taken once, under the monitor. */
    private void notifyListeners() {
        if (!ctx.executor().inEventLoop()) {
            exchange.onLoop(this::notifyListeners);
            return;
        }
        Object taken;
        synchronized (this) {
            taken = listeners;
            listeners = null;
        }
        if (taken instanceof List<?> list) {
            list.forEach(this::notifyListener);
        } else if (taken != null) {
            notifyListener(taken);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void notifyListener(Object listener) {
        try {
            ((GenericFutureListener) listener).operationComplete(this);
        } catch (Throwable t) {
            LOG.warn("a listener of {} threw", this, t);
        }
    }

    private static List<Object> newList(Object first) {
        List<Object> list = new ArrayList<>(2);
        list.add(first);
        return list;
    }

    // ---- waiting: the rare path ----

    @Override
    public ChannelPromise await() throws InterruptedException {
        awaitNanos(FOREVER, true);
        return this;
    }

    @Override
    public ChannelPromise awaitUninterruptibly() {
        awaitUninterruptiblyNanos(FOREVER);
        return this;
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitNanos(limit(unit.toNanos(timeout)), true);
    }

    @Override
    public boolean await(long timeoutMillis) throws InterruptedException {
        return await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean awaitUninterruptibly(long timeout, TimeUnit unit) {
        return awaitUninterruptiblyNanos(limit(unit.toNanos(timeout)));
    }

    @Override
    public boolean awaitUninterruptibly(long timeoutMillis) {
        return awaitUninterruptibly(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public ChannelPromise sync() throws InterruptedException {
        await();
        rethrowIfFailed();
        return this;
    }

    @Override
    public ChannelPromise syncUninterruptibly() {
        awaitUninterruptibly();
        rethrowIfFailed();
        return this;
    }

    /** A caller's time limit: as with Netty's promises, zero or less means not waiting at all. */
    private static long limit(long timeoutNanos) {
        return Math.max(0, timeoutNanos);
    }

    private boolean awaitUninterruptiblyNanos(long timeoutNanos) {
        try {
            return awaitNanos(timeoutNanos, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Waits until done, or at most {@code timeoutNanos} ({@link #FOREVER}: without a limit; 0: not at all); returns
     * whether done. Waiting that is not interruptible keeps the interrupt for the caller.
     */
    private boolean awaitNanos(long timeoutNanos, boolean interruptible) throws InterruptedException {
        if (isDone() || timeoutNanos == 0) {
            return isDone();
        }
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException(toString());
        }
        if (ctx.executor().inEventLoop()) {
            throw new BlockingOperationException(toString()); // it completes on this very thread
        }
        long start = System.nanoTime();
        boolean interrupted = false;
        synchronized (this) {
            waiters++;
            try {
                while (!isDone()) {
                    long left = timeoutNanos - (System.nanoTime() - start); // no overflow for a long limit
                    if (timeoutNanos != FOREVER && left <= 0) {
                        break;
                    }
                    try {
                        if (timeoutNanos == FOREVER) {
                            wait();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(this, left);
                        }
                    } catch (InterruptedException e) {
                        if (interruptible) {
                            throw e;
                        }
                        interrupted = true;
                    }
                }
            } finally {
                waiters--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return isDone();
    }

    private void rethrowIfFailed() {
        Throwable cause = cause();
        if (cause != null) {
            throw EndPromise.<RuntimeException>sneaky(cause); // as Netty's sync(): the failure itself, unwrapped
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable cause) throws T {
        throw (T) cause;
    }

    @Override
    public String toString() {
        Object outcome = result;
        String state = outcome == null ? "pending" : outcome == SUCCESS ? "success" : "failure: " + outcome;
        return "EndPromise(" + state + ")@" + Integer.toHexString(System.identityHashCode(this));
    }
}
