package dev.h1.server.connection;

import io.netty.channel.ChannelHandlerContext;

/**
 * When a connection flushes the responses that end: those that end while a read batch is handled are flushed together
 * at its end, so that pipelined responses share one write (one system call for a burst of requests); the others are
 * flushed at once, and so is a batch whose unflushed bytes reach the channel's high-water mark (a burst of thousands
 * of pipelined requests then leaves in writes of about that size, rather than all at the end of the read). Event loop
 * only.
 */
final class FlushBatch {

    private boolean reading;
    private boolean pending;

    /** Messages of a read are being handled. */
    void readStarted() {
        reading = true;
    }

    /** The read batch is over: flushes what ended during it. */
    void readComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (pending) {
            pending = false;
            ctx.flush();
        }
    }

    /** Flushes at the end of the current read batch, or now. */
    void flushSoon(ChannelHandlerContext ctx) {
        if (reading && ctx.executor().inEventLoop() && ctx.channel().isWritable()) {
            pending = true;
        } else {
            ctx.flush();
        }
    }
}
