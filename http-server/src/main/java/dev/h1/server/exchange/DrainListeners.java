package dev.h1.server.exchange;

import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The drain listeners of one response (Node's 'drain'): they run when the channel becomes writable again after a
 * {@code write} found it above its high-water mark, and not on other writability changes.
 *
 * <p><b>Threading.</b> A write on any thread asks for the notification; listeners are added and run on the event loop.
 * A notification asked for just as the channel drains is not lost: the asker looks at writability again after asking,
 * and the asker and the loop race for one compare-and-set, so the listeners run once.
 */
final class DrainListeners {

    private static final AtomicIntegerFieldUpdater<DrainListeners> REQUESTED =
            AtomicIntegerFieldUpdater.newUpdater(DrainListeners.class, "requested");

    private final Exchange exchange;
    private volatile int requested;
    private List<Runnable> listeners;

    DrainListeners(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Event loop. */
    void add(Runnable listener) {
        if (listeners == null) {
            listeners = new ArrayList<>(1);
        }
        listeners.add(listener);
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
        if (listeners == null || !exchange.host().context().channel().isWritable()
                || !REQUESTED.compareAndSet(this, 1, 0)) {
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
}
