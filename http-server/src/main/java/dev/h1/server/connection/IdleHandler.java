package dev.h1.server.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout: no progress either way for the configured time. Netty's {@link IdleStateHandler} observing output
 * (a write still making progress, such as a large file to a slow reader, counts as activity), with one correction:
 * its first idle event after a write is fired without comparing the progress of a write still under way, as it has no
 * earlier measurement yet. While output is in flight, that first event is held back; the next check compares and
 * fires only if the transfer stalled. A stalled transfer is therefore cut after two idle periods, anything else after
 * one.
 *
 * <pre>
 * p.addLast("h1-idle", new IdleHandler(timeout));   // first of h1's handlers: it sees traffic both ways
 * </pre>
 *
 * <p>Threading: event loop only, one per channel. Holds no buffers.
 */
public final class IdleHandler extends IdleStateHandler {

    /** @param timeout how long without progress either way makes the connection idle */
    public IdleHandler(Duration timeout) {
        super(true, 0, 0, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) throws Exception {
        if (event.isFirst() && isWriting(ctx)) {
            return;
        }
        super.channelIdle(ctx, event);
    }

    private static boolean isWriting(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out != null && out.current() != null;
    }
}
