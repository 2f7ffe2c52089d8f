package dev.h1.codec.encoder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import dev.h1.codec.internal.ThreadSpare;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The batch buffer written last on this event loop, kept with one reference of its own so that the next batch of any
 * encoder on the loop can be opened in it once the transport has let go of it, instead of a buffer being allocated
 * and freed for every flush. On epoll and NIO a batch is usually written, and the transport's reference released,
 * within the flush that forwards it, so the next connection served finds it free.
 *
 * <p>Why: with the adaptive allocator, allocating and freeing a small buffer costs several atomic operations (a lock
 * of a shared magazine, the chunk's free-segment queue, the buffer object's recycler). Measured with the spare against
 * without it, in http-tests: EncoderBenchmark FIXED_13, where every response is a flush, went from 1.55 to 1.86 times
 * Netty's throughput; PipelineBenchmark h1Plaintext from 907 to 847 ns per request (medians of five interleaved
 * rounds). Under bench/e2e.sh's wrk load an allocator that counts the encoder's allocations saw one batch buffer per
 * connection (64 for 78,760 requests).
 *
 * <p>A spare is opened again only when nobody else holds it ({@code refCnt() == 1}: the transport wrote it, a test
 * read and released it), when it came from the allocator the channel's own batches come from, and when it is large
 * enough; otherwise its reference is released and the caller allocates. Only threads that clean up their
 * {@link FastThreadLocal}s when they end (event loops made by Netty's thread factories) keep a spare, and they release
 * it then: on any other thread an end of the thread would drop the spare unreleased, so there a batch buffer is
 * allocated and freed per flush as before. An encoder leaving its pipeline lets go of the spare too ({@link #drop}),
 * so that an event loop whose connections all closed holds nothing of their allocator.
 *
 * <p>Event loop only; one spare per thread, no locking.
 */
final class SpareBatchBuffer {

    /** The thread's spare, or none; a buffer not kept, and the spare when the thread ends, are released. */
    private static final ThreadSpare<ByteBuf> SPARE = new ThreadSpare<>(() -> null, ByteBuf::release);

    private SpareBatchBuffer() {
    }

    /**
     * The thread's spare, cleared, when it is free, made by {@code allocator} (a buffer's own {@link ByteBuf#alloc()},
     * which a channel's allocator wrapper does not change) and has room for {@code bytes}; else null, the spare let
     * go of.
     */
    static ByteBuf take(ByteBufAllocator allocator, int bytes) {
        ByteBuf spare = allocator != null && isKept() ? SPARE.take() : null;
        if (spare == null) {
            return null;
        }
        if (spare.refCnt() == 1 && spare.alloc() == allocator && spare.capacity() >= bytes) {
            return spare.clear();
        }
        spare.release(); // still being written, or not this channel's kind: its other holders free it
        return null;
    }

    /** Keeps a reference of its own to {@code written}, which the caller writes next, if the thread has no spare. */
    static void share(ByteBuf written) {
        if (isKept()) {
            SPARE.giveBack(written.retain());
        }
    }

    /** Takes {@code unused}, which the caller owns and hands over, as the thread's spare; else releases it. */
    static void keep(ByteBuf unused) {
        if (isKept()) {
            SPARE.giveBack(unused);
        } else {
            unused.release();
        }
    }

    /**
     * Lets go of the thread's spare: an encoder leaves its pipeline (its connection closed, or handed over), so that
     * an event loop left without connections holds no buffer of their allocator.
     */
    static void drop() {
        ByteBuf spare = isKept() ? SPARE.take() : null;
        if (spare != null) {
            spare.release();
        }
    }

    /** Whether this thread keeps a spare: it releases its fast thread-locals, and so the spare, when it ends. */
    private static boolean isKept() {
        return FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals();
    }
}
