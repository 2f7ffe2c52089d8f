package dev.h1.codec.internal;

import io.netty.util.concurrent.FastThreadLocal;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One spare scratch object per thread, lent to whichever connection of that thread's event loop needs it now, so that
 * idle connections hold none: an event loop serves one connection at a time, and a scratch array that a connection
 * needs only while it handles a read (the decoder's copy of the input, the encoder's head assembly) need not be kept
 * by each of thousands of idle keep-alive connections.
 *
 * <p>A borrower {@link #take}s the spare, or a new object when the spare is out (lent to a connection in the middle of
 * a request, or to a caller further up the stack when handlers of one thread call into each other), and
 * {@link #giveBack}s it when done; a returned object is kept only while the slot is empty, so whatever is lent out,
 * nothing is shared. The objects must be returned in a reusable state, and their owners must not touch them after.
 *
 * <p>An object that is not kept (given back to a full slot, or the spare of a thread whose fast thread-locals are
 * removed as it ends) goes to the discard action: nothing for scratch arrays, a release for a reference-counted
 * buffer.
 *
 * <p>Internal to h1 (this package is not exported). Each thread has its own slot: no locking.
 *
 * @param <T> the scratch object
 */
public final class ThreadSpare<T> {

    private final Supplier<T> factory;
    private final Consumer<? super T> discard;
    private final FastThreadLocal<Object[]> slot = new FastThreadLocal<>() {
        @Override
        protected Object[] initialValue() {
            return new Object[1];
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void onRemoval(Object[] spare) {
            T kept = (T) spare[0];
            spare[0] = null;
            if (kept != null) {
                discard.accept(kept);
            }
        }
    };

    /** @param factory makes a new scratch object when the spare is out */
    public ThreadSpare(Supplier<T> factory) {
        this(factory, unkept -> { });
    }

    /**
     * @param factory makes a new object when the spare is out (or returns null: the borrower makes its own)
     * @param discard what becomes of an object that is not kept
     */
    public ThreadSpare(Supplier<T> factory, Consumer<? super T> discard) {
        this.factory = factory;
        this.discard = discard;
    }

    /** The calling thread's spare, which is then out until given back, or a new object if it is out already. */
    @SuppressWarnings("unchecked")
    public T take() {
        Object[] spare = slot.get();
        T taken = (T) spare[0];
        if (taken == null) {
            return factory.get();
        }
        spare[0] = null;
        return taken;
    }

    /**
     * Returns {@code done}, which its caller no longer touches, as the calling thread's spare if it has none; else
     * discards it.
     */
    public void giveBack(T done) {
        Object[] spare = slot.get();
        if (spare[0] == null) {
            spare[0] = done;
        } else {
            discard.accept(done);
        }
    }
}
