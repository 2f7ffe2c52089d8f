package dev.h1.server.connection;

import io.netty.channel.ChannelHandlerContext;

/**
 * When a connection flushes what its responses write: what is written while a read batch is handled is flushed
 * together at its end, so that pipelined responses, and the pieces of a response answered within one read (an echo's
 * body and its end), share one write (one system call for a burst of requests); what is written outside a read batch
 * is flushed at once. So are the bytes of a batch that reach what the channel can take before it turns unwritable:
 * the encoder holds small bytes back until a flush, where the channel's writability does not count them, so a caller
 * told it may write on ({@code res.write()} returning true) is never told so above the high-water mark. A burst of
 * thousands of pipelined requests then leaves in writes of about that size, rather than all at the end of the read.
 * Event loop only.
 */
final class FlushBatch {

    private boolean reading;
    private boolean pending;
    /** Bytes written in this read batch and not flushed yet, as the writers counted them. */
    private long held;

    /** Messages of a read are being handled. */
    void readStarted() {
        reading = true;
    }

    /** The read batch is over: flushes what was written during it. */
    void readComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (pending) {
            flush(ctx);
        }
    }

    /**
     * {@code bytes} more were written (0 when not counted): flushes at the end of the current read batch, or now.
     * PipelineBenchmark and bench/e2e.sh in http-tests: a flush per {@code res.write()} made the echo's response two
     * system calls.
     */
    void flushSoon(ChannelHandlerContext ctx, long bytes) {
        held += bytes;
        if (reading && ctx.executor().inEventLoop() && held < ctx.channel().bytesBeforeUnwritable()) {
            pending = true;
        } else {
            flush(ctx);
        }
    }

    private void flush(ChannelHandlerContext ctx) {
        pending = false;
        held = 0;
        ctx.flush();
    }
}
