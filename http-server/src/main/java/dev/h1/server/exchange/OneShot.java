package dev.h1.server.exchange;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A one-time outcome whose {@link CompletionStage} is created only when somebody asks for it: most exchanges end
 * without anyone listening, and then no future is allocated. (A JFR profile of the server under pipelining showed
 * two futures, their completion and a listener per response among the top costs.)
 *
 * <p>Thread-safe: the event loop settles the outcome once; {@link #stage()} may be called from any thread, before or
 * after, and returns the same stage every time.
 */
final class OneShot {

    private static final Object SUCCESS = new Object();
    private static final AtomicReferenceFieldUpdater<OneShot, Object> OUTCOME =
            AtomicReferenceFieldUpdater.newUpdater(OneShot.class, Object.class, "outcome");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<OneShot, CompletableFuture> STAGE =
            AtomicReferenceFieldUpdater.newUpdater(OneShot.class, CompletableFuture.class, "stage");

    /** {@code null} while pending, then {@link #SUCCESS} or the failure. */
    private volatile Object outcome;
    private volatile CompletableFuture<Void> stage;

    /** The stage of this outcome; completed already if the outcome is settled. */
    CompletionStage<Void> stage() {
        CompletableFuture<Void> current = stage;
        if (current == null) {
            CompletableFuture<Void> created = new CompletableFuture<>();
            current = STAGE.compareAndSet(this, null, created) ? created : stage;
            settle(current);
        }
        return current;
    }

    boolean isSettled() {
        return outcome != null;
    }

    /** Whether it was settled by {@link #fail}. */
    boolean isFailed() {
        return outcome instanceof Throwable;
    }

    void succeed() {
        if (OUTCOME.compareAndSet(this, null, SUCCESS)) {
            settle(stage);
        }
    }

    void fail(Throwable cause) {
        if (OUTCOME.compareAndSet(this, null, cause)) {
            settle(stage);
        }
    }

    /** Completes {@code target} with the outcome, if both exist; either side may get here first, and both may. */
    private void settle(CompletableFuture<Void> target) {
        Object settled = outcome;
        if (target == null || settled == null) {
            return;
        }
        if (settled instanceof Throwable failure) {
            target.completeExceptionally(failure);
        } else {
            target.complete(null);
        }
    }
}
