package dev.h1.tests.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task on a worker thread and waits at most a fixed time for it, so that a decoder that loops forever fails
 * the test (with the worker's stack) instead of hanging the build or the fuzzing run. A stuck worker cannot be
 * stopped; it is abandoned (a daemon thread) and the next task gets a new one.
 *
 * <p>Used from one test thread at a time.
 */
final class TimeBound {

    private final Duration limit;
    private final AtomicReference<Thread> current = new AtomicReference<>();
    private ExecutorService worker = newWorker();

    TimeBound(Duration limit) {
        this.limit = limit;
    }

    /** The task's result; its exception or error as thrown; an {@link AssertionError} when it takes longer. */
    <T> T call(Callable<T> task) throws Exception {
        Future<T> result = worker.submit(task);
        try {
            return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            AssertionError hang = new AssertionError("no result within " + limit + ": a hang (stack of the worker)");
            Thread stuck = current.get();
            if (stuck != null) {
                hang.setStackTrace(stuck.getStackTrace());
            }
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw hang;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "time-bound-worker");
            thread.setDaemon(true);
            current.set(thread);
            return thread;
        });
    }
}
