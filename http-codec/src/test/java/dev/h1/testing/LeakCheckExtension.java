package dev.h1.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.List;

/**
 * Fails any test after which Netty reports a leaked buffer.
 *
 * <p>Registered for every test class through {@code META-INF/services} and
 * {@code junit.jupiter.extensions.autodetection.enabled} (set by the build). After each test it runs a garbage
 * collection, waits (bounded) until the collector has processed references, allocates a tracked buffer so that Netty
 * polls its leak queue, and fails if {@link RecordingLeakDetector} recorded any report.
 */
public final class LeakCheckExtension implements AfterEachCallback {

    private static final int GC_ROUNDS = 2;
    private static final long GC_WAIT_MILLIS = 2_000;

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        assertNoLeaks(context.getDisplayName());
    }

    /** Collects garbage, lets Netty report what it found, and fails with every report recorded since the last call. */
    public static void assertNoLeaks(String where) throws InterruptedException {
        if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
            return;
        }
        for (int round = 0; round < GC_ROUNDS; round++) {
            collectGarbage();
            pollLeakQueues();
        }
        List<String> reports = RecordingLeakDetector.drainReports();
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " leak report(s) after " + where
                    + ":\n" + String.join("\n\n", reports));
        }
    }

    /** Runs a GC and waits until a sentinel's phantom reference is enqueued, so the leak references are too. */
    private static void collectGarbage() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        Object sentinel = new Object();
        PhantomReference<Object> ref = new PhantomReference<>(sentinel, queue);
        sentinel = null;
        System.gc();
        queue.remove(GC_WAIT_MILLIS);
        ref.clear();
    }

    /** Netty reports pending leaks when the next buffer is tracked: allocate one per allocator kind. */
    private static void pollLeakQueues() {
        ByteBuf[] probes = {
                PooledByteBufAllocator.DEFAULT.heapBuffer(1),
                PooledByteBufAllocator.DEFAULT.directBuffer(1),
                UnpooledByteBufAllocator.DEFAULT.heapBuffer(1),
                UnpooledByteBufAllocator.DEFAULT.directBuffer(1),
        };
        for (ByteBuf probe : probes) {
            probe.release();
        }
    }
}
