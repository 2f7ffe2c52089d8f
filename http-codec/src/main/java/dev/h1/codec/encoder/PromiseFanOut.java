package dev.h1.codec.encoder;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;

/**
 * Completes the promises of the messages whose bytes a {@link WriteBatch} wrote in one buffer, as that buffer's write
 * completes: each succeeds, fails with the write's cause, or is cancelled with it. A promise already completed by its
 * owner is left as it is.
 *
 * <p>Netty's {@code PromiseNotifier} does the same but copies the array it is given; a batch hands over the one it
 * made, so that pipelined responses cost one array less per batch (PipelineBenchmark h1Pipelined16 in http-tests, 16
 * promises per batch: 80 bytes).
 *
 * <p><b>Threading.</b> Runs where the batch's write completes, the channel's event loop.
 */
final class PromiseFanOut implements ChannelFutureListener {

    private final ChannelPromise[] promises;

    /** @param promises the promises to complete, in order; owned by this listener from now on */
    PromiseFanOut(ChannelPromise[] promises) {
        this.promises = promises;
    }

    @Override
    public void operationComplete(ChannelFuture written) {
        if (written.isSuccess()) {
            for (ChannelPromise promise : promises) {
                promise.trySuccess();
            }
        } else if (written.isCancelled()) {
            for (ChannelPromise promise : promises) {
                promise.cancel(false);
            }
        } else {
            Throwable cause = written.cause();
            for (ChannelPromise promise : promises) {
                promise.tryFailure(cause);
            }
        }
    }
}
