package dev.h1.server.exchange;

import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The drain listeners of one response (Node's 'drain'): the permanent ones ({@code onDrain}) run when the channel
 * becomes writable again after a {@code write} found it above its high-water mark, and not on other writability
 * changes; the one-shot waiters ({@code drained()}) complete at the first moment the channel is writable, at once if
 * it is when they are registered. It also counts the body bytes that writes on other threads queued for the event
 * loop, which count against the same water marks.
 *
 * <p><b>Threading.</b> A write on any thread asks for the notification; listeners are added and run on the event loop.
 * A notification asked for just as the channel drains is not lost: the asker looks at writability again after asking,
 * and the asker and the loop race for one compare-and-set, so the listeners run once. Nor is a drain lost that comes
 * between a {@code write} returning false on another thread and that thread's registration: a listener registered
 * while a notification is asked for and the channel is writable runs at once (the registration reaches the loop after
 * the thread's writes, which the draft keeps in call order).
 *
 * <p>It also holds the file that a {@code sendFile} reads into the connection piece by piece as it drains (TLS, where
 * no zero-copy region can be written), which goes on at the same moments as the listeners: the writer keeps it here
 * rather than in a field of its own, made in every response (PipelineBenchmark in http-tests: with that field the
 * response object was 48 bytes, without it 40).
 */
final class DrainListeners {

    private static final AtomicIntegerFieldUpdater<DrainListeners> REQUESTED =
            AtomicIntegerFieldUpdater.newUpdater(DrainListeners.class, "requested");

    private static final AtomicLongFieldUpdater<DrainListeners> QUEUED =
            AtomicLongFieldUpdater.newUpdater(DrainListeners.class, "queuedBytes");

    private final Exchange exchange;
    /**
     * Body bytes that writes on other threads claimed and the event loop has not written yet: they count against the
     * water marks, or a writer on another thread could queue without bound while write() kept returning true. Here,
     * made only for a response written from another thread or waited on for a drain, rather than in every response
     * (PipelineBenchmark in http-tests counts the bytes per request).
     */
    private volatile long queuedBytes;
    private volatile int requested;
    private List<Runnable> listeners;
    /** One-shot waiters, completed at the next moment the channel is writable; null while there are none. */
    private List<CompletableFuture<Void>> waiters;
    /** The file being read into the connection as it drains, or null; event loop only. */
    private FileSender file;

    DrainListeners(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Body bytes claimed on other threads and not yet written. Any thread. */
    long queuedBytes() {
        return queuedBytes;
    }

    /** Counts {@code delta} more (or, negative, fewer) claimed body bytes waiting for the event loop. Any thread. */
    void addQueued(long delta) {
        QUEUED.addAndGet(this, delta);
    }

    /** Event loop. A drain asked for and already come (the channel is writable) runs the new listener now. */
    void add(Runnable listener) {
        if (listeners == null) {
            listeners = new ArrayList<>(1);
        }
        listeners.add(listener);
        notifyIfRequested();
    }

    /** Event loop: completes {@code waiter} once the channel is writable, now if it is. */
    void addWaiter(CompletableFuture<Void> waiter) {
        if (channel().isWritable()) {
            waiter.complete(null);
            return;
        }
        if (waiters == null) {
            waiters = new ArrayList<>(1);
        }
        waiters.add(waiter);
    }

    /**
     * A write found no room (any thread): notify when {@code channel} is writable again. If it is writable now (it
     * drained between the write and the request, or the write was refused for bytes still queued for the event loop),
     * the loop looks again after what was queued before.
     */
    void request(Channel channel) {
        requested = 1;
        if (channel.isWritable()) {
            exchange.onLoop(this::notifyIfRequested);
        }
    }

    /** The channel may be writable: run the listeners if it is and a write asked for it. Event loop. */
    void notifyIfRequested() {
        if (!channel().isWritable()) {
            return;
        }
        completeWaiters();
        if (listeners == null || !REQUESTED.compareAndSet(this, 1, 0)) {
            return;
        }
        for (Runnable listener : List.copyOf(listeners)) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                exchange.failApplication(e);
            }
        }
    }

    /** The response will never be writable again (the connection closed): waiters fail with {@code cause}. */
    void abort(Throwable cause) {
        List<CompletableFuture<Void>> waiting = waiters;
        waiters = null;
        if (waiting != null) {
            waiting.forEach(waiter -> waiter.completeExceptionally(cause));
        }
    }

    /** Event loop: the whole response is written; nothing will be waited for any more. */
    void completeWaiters() {
        List<CompletableFuture<Void>> waiting = waiters;
        if (waiting != null) {
            waiters = null;
            waiting.forEach(waiter -> waiter.complete(null));
        }
    }

    /** The file being read into the connection as it drains, or null. Event loop. */
    FileSender file() {
        return file;
    }

    /** Sets (or, with null, forgets) the file being read into the connection as it drains. Event loop. */
    void file(FileSender sending) {
        file = sending;
    }

    private Channel channel() {
        return exchange.host().context().channel();
    }
}
