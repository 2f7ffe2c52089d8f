package dev.h1.server.exchange;

import io.netty.channel.Channel;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;

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
 * Listeners and waiters are the rare path: the listeners live on the event loop, and a waiter gets a latch that
 * completing counts down. It cannot be cancelled: the exchange must learn how its end went.
 *
 * <p><b>Threading.</b> Completed once, normally on the event loop by the channel's outbound buffer; from any other
 * thread the exchange and the listeners hear of it on the event loop, as with Netty's promises. The exchange hears
 * first, then the listeners in the order they were added. Adding or removing a listener from another thread is
 * handed to the event loop, where the listeners are kept; waiting is for other threads only.
 */
final class EndPromise extends AbstractFuture<Void> implements ChannelPromise {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(EndPromise.class);
    private static final Object SUCCESS = new Object();
    /** The time limit of {@link #await()}: none. */
    private static final long FOREVER = -1;
    /** {@link #listeners} once the outcome was told: a marker, never changed. */
    private static final List<GenericFutureListener<? extends Future<? super Void>>> TOLD = List.of();
    private static final AtomicReferenceFieldUpdater<EndPromise, Object> RESULT =
            AtomicReferenceFieldUpdater.newUpdater(EndPromise.class, Object.class, "result");

    private final Exchange exchange;
    /**
     * {@code null} while pending; while pending and waited for, the {@link CountDownLatch} the waiters wait on (made by
     * the first of them); then {@link #SUCCESS} or the failure. One field for both, as each field is four bytes more
     * per request (PipelineBenchmark in http-tests): completing replaces the latch and counts it down, so no waiter
     * misses the outcome.
     */
    private volatile Object result;
    /**
     * Listeners not told yet, in the order added, or null; {@link #TOLD} once the exchange and the listeners were told
     * the outcome, when a listener added is told at once. Event loop only.
     */
    private List<GenericFutureListener<? extends Future<? super Void>>> listeners;

    EndPromise(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public Channel channel() {
        return exchange.host().context().channel();
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
        Object outcome = result;
        return outcome != null && !(outcome instanceof CountDownLatch);
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
        Object pending;
        do {
            pending = result;
            if (pending != null && !(pending instanceof CountDownLatch)) {
                return false;
            }
        } while (!RESULT.compareAndSet(this, pending, outcome));
        if (pending instanceof CountDownLatch waiting) {
            waiting.countDown();
        }
        if (exchange.inEventLoop()) {
            tell();
        } else {
            exchange.onLoop(this::tell);
        }
        return true;
    }

    /** On the event loop: the exchange hears how its end went, then the listeners. */
    private void tell() {
        exchange.endWritten(cause());
        List<GenericFutureListener<? extends Future<? super Void>>> waiting = listeners; // any added meanwhile too
        listeners = TOLD;
        if (waiting != null) {
            waiting.forEach(this::tell);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void tell(GenericFutureListener<? extends Future<? super Void>> listener) {
        try {
            ((GenericFutureListener) listener).operationComplete(this);
        } catch (Throwable t) {
            LOG.warn("a listener of {} threw", this, t);
        }
    }

    // ---- listeners: the rare path, kept on the event loop ----

    @Override
    public ChannelPromise addListener(GenericFutureListener<? extends Future<? super Void>> listener) {
        Objects.requireNonNull(listener, "listener");
        if (!exchange.inEventLoop()) {
            exchange.onLoop(() -> addListener(listener));
        } else if (listeners == TOLD) {
            tell(listener);
        } else {
            if (listeners == null) {
                listeners = new ArrayList<>(2);
            }
            listeners.add(listener);
        }
        return this;
    }

    @Override
    @SafeVarargs
    public final ChannelPromise addListeners(GenericFutureListener<? extends Future<? super Void>>... added) {
        untilNull(added, this::addListener);
        return this;
    }

    @Override
    public ChannelPromise removeListener(GenericFutureListener<? extends Future<? super Void>> listener) {
        if (!exchange.inEventLoop()) {
            exchange.onLoop(() -> removeListener(listener));
        } else if (listeners != null && listeners != TOLD) {
            listeners.remove(listener);
        }
        return this;
    }

    @Override
    @SafeVarargs
    public final ChannelPromise removeListeners(GenericFutureListener<? extends Future<? super Void>>... removed) {
        untilNull(removed, this::removeListener);
        return this;
    }

    /** Applies {@code action} to each listener up to the array's first null, as Netty's promises read such arrays. */
    private static void untilNull(GenericFutureListener<? extends Future<? super Void>>[] given,
                                  Consumer<GenericFutureListener<? extends Future<? super Void>>> action) {
        for (GenericFutureListener<? extends Future<? super Void>> listener : given) {
            if (listener == null) {
                break;
            }
            action.accept(listener);
        }
    }

    // ---- waiting: the rare path, other threads only ----

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
        if (exchange.inEventLoop()) {
            throw new BlockingOperationException(toString()); // it completes on this very thread
        }
        CountDownLatch done = latch();
        if (done == null) {
            return true;
        }
        long start = System.nanoTime();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (timeoutNanos == FOREVER) {
                        done.await();
                        return true;
                    }
                    long left = timeoutNanos - (System.nanoTime() - start); // no overflow for a long limit
                    return left > 0 ? done.await(left, TimeUnit.NANOSECONDS) : isDone();
                } catch (InterruptedException e) {
                    if (interruptible) {
                        throw e;
                    }
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The waiters' latch, made by the first of them; null once the promise is done. */
    private CountDownLatch latch() {
        while (true) {
            Object current = result;
            if (current instanceof CountDownLatch waiting) {
                return waiting;
            }
            if (current != null) {
                return null;
            }
            RESULT.compareAndSet(this, null, new CountDownLatch(1)); // else another waiter made it, or it completed
        }
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
        String state = !isDone() ? "pending" : outcome == SUCCESS ? "success" : "failure: " + outcome;
        return "EndPromise(" + state + ")@" + Integer.toHexString(System.identityHashCode(this));
    }
}
