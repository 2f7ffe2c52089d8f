package dev.h1.server.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * A socket that does not drain: an outbound handler at the head of the pipeline that holds every flush back while it
 * is shut, so that written bytes stay in the channel's outbound buffer and count against its write-buffer water marks.
 * Installed, shut, by {@link EmbeddedServer#valve()}.
 */
public final class Valve extends ChannelOutboundHandlerAdapter {

    private ChannelHandlerContext ctx;
    private boolean shut = true;
    private boolean flushHeld;

    Valve() {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void flush(ChannelHandlerContext context) {
        if (shut) {
            flushHeld = true;
        } else {
            context.flush();
        }
    }

    /** Lets the held bytes out (the socket drained), and every later flush. */
    public void open() {
        shut = false;
        drain();
    }

    /**
     * Lets the bytes held so far out, once: the client read them, and its socket is full again for what is written
     * after them, which the valve holds (also what the flush itself makes the server write).
     */
    public void drain() {
        if (flushHeld) {
            flushHeld = false;
            ctx.flush();
        }
    }
}
