package dev.h1.testing;

import io.netty.util.ResourceLeakDetector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link ResourceLeakDetector} that records every leak report so that {@link LeakCheckExtension} can fail the test
 * in which it surfaced. Installed for every test JVM by the build through
 * {@code -Dio.netty.customResourceLeakDetector=dev.h1.testing.RecordingLeakDetector}, next to
 * {@code -Dio.netty.leakDetection.level=paranoid} (every buffer is tracked).
 *
 * <p>Thread-safe: Netty reports leaks from whichever thread allocates next.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();

    /** Called reflectively by Netty's {@code ResourceLeakDetectorFactory}. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** Called reflectively by Netty's {@code ResourceLeakDetectorFactory}. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    /** Removes and returns the reports recorded so far. */
    public static List<String> drainReports() {
        List<String> drained = new ArrayList<>();
        for (String report; (report = REPORTS.poll()) != null; ) {
            drained.add(report);
        }
        return drained;
    }

    @Override
    protected boolean needReport() {
        return true; // record even when the logger would not print
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add("LEAK: " + resourceType + " was not released." + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add("LEAK: " + resourceType + " was not released (no access records).");
        super.reportUntracedLeak(resourceType);
    }
}
