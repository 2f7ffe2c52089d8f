package dev.h1.tests.e2e;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test support: counts the requests a handler saw, and waits for the count to stop growing, which is how a test sees
 * that the server stopped reading a connection whose answers cannot be written (back-pressure). Thread-safe: the
 * handler counts on the server's threads, the test waits on its own.
 */
final class HandledRequests {

    private final AtomicInteger count = new AtomicInteger();
    private final Semaphore progress = new Semaphore(0);

    /** Counts one request; called by the handler. */
    void handled() {
        count.incrementAndGet();
        progress.release();
    }

    int count() {
        return count.get();
    }

    /**
     * Waits until a first request was handled and then none for {@code still}, or the count reached {@code enough}
     * (no need to watch it grow further), or 30 s passed; returns the count.
     */
    int awaitPlateau(Duration still, int enough) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        assertTrue(progress.tryAcquire(10, TimeUnit.SECONDS), "no request reached the handler within 10 s");
        while (count.get() < enough && System.nanoTime() < deadline
                && progress.tryAcquire(still.toMillis(), TimeUnit.MILLISECONDS)) {
            progress.drainPermits();
        }
        return count.get();
    }
}
