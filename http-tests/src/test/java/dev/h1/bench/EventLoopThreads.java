package dev.h1.bench;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor JMH runs the benchmark threads on ({@code -Djmh.executor=CUSTOM
 * -Djmh.executor.class=dev.h1.bench.EventLoopThreads}, set in each benchmark's {@code @Fork}): its threads are Netty
 * {@code FastThreadLocalThread}s, as event-loop threads are. On a plain thread Netty behaves differently from a
 * server: {@code ByteBufUtil.decodeString} allocates a temporary array for every string it makes from a direct buffer
 * instead of reusing a thread-local one, and the allocators' and recyclers' thread-local caches differ. Those would be
 * counted against whichever side uses them.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {

    /** The constructor JMH's {@code CUSTOM} executor type calls. */
    public EventLoopThreads(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
