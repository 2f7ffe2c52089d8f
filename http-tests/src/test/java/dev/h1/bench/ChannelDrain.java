package dev.h1.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/** Takes everything a benchmark's {@link EmbeddedChannel} wrote off its outbound side, so that nothing piles up. */
final class ChannelDrain {

    private ChannelDrain() {
    }

    /** Releases every outbound message; returns how many bytes the buffers among them held. */
    static long release(EmbeddedChannel channel) {
        long bytes = 0;
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            bytes += out instanceof ByteBuf buffer ? buffer.readableBytes() : 0;
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }

    /** Copies every outbound buffer, in order, into one heap buffer (the caller's), releasing them (for tests). */
    static ByteBuf copy(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            try {
                all.writeBytes((ByteBuf) out);
            } finally {
                ReferenceCountUtil.release(out);
            }
        }
        return all;
    }
}
