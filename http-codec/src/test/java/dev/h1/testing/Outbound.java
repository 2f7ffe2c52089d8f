package dev.h1.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/** Reads what a handler wrote to an {@code EmbeddedChannel}'s outbound side, for tests that compare wire text. */
public final class Outbound {

    private Outbound() {
    }

    /** The bytes of one outbound piece (a buffer, or a file region read through {@code transferTo}); released. */
    public static String text(Object piece) {
        try {
            if (piece instanceof ByteBuf buffer) {
                return buffer.toString(StandardCharsets.ISO_8859_1);
            }
            if (piece instanceof FileRegion region) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                WritableByteChannel sink = Channels.newChannel(bytes);
                while (region.transferred() < region.count()) {
                    region.transferTo(sink, region.transferred());
                }
                return bytes.toString(StandardCharsets.ISO_8859_1);
            }
            throw new AssertionError("unexpected outbound piece " + piece);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ReferenceCountUtil.release(piece);
        }
    }
}
