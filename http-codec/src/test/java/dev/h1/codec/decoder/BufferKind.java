package dev.h1.codec.decoder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Arrays;

/** Kinds of buffers a socket read or a cumulation may be: each holds {@code content} as its readable bytes. */
enum BufferKind {
    HEAP {
        @Override
        ByteBuf of(byte[] content) {
            return Unpooled.wrappedBuffer(content.clone());
        }
    },
    /** A heap buffer whose readable bytes start after consumed ones. */
    READER_INDEX_ABOVE_ZERO {
        @Override
        ByteBuf of(byte[] content) {
            ByteBuf buf = Unpooled.buffer(content.length + 13);
            buf.writeBytes(junk(13)).writeBytes(content);
            return buf.skipBytes(13);
        }
    },
    /** A slice of a heap buffer: its array offset is above 0. */
    HEAP_SLICE {
        @Override
        ByteBuf of(byte[] content) {
            ByteBuf whole = Unpooled.buffer(content.length + 16);
            whole.writeBytes(junk(5)).writeBytes(content).writeBytes(junk(11));
            return whole.slice(5, content.length);
        }
    },
    DIRECT {
        @Override
        ByteBuf of(byte[] content) {
            return Unpooled.directBuffer(content.length + 1).writeBytes(content);
        }
    },
    /** A composite of components of 1, 2, 3, ... bytes, heap and direct in turn. */
    COMPOSITE {
        @Override
        ByteBuf of(byte[] content) {
            CompositeByteBuf composite = Unpooled.compositeBuffer(Integer.MAX_VALUE);
            int at = 0;
            for (int size = 1; at < content.length; size++) {
                int length = Math.min(size, content.length - at);
                ByteBuf part = size % 2 == 0 ? Unpooled.directBuffer(length) : Unpooled.buffer(length);
                composite.addComponent(true, part.writeBytes(content, at, length));
                at += length;
            }
            return composite;
        }
    };

    abstract ByteBuf of(byte[] content);

    private static byte[] junk(int length) {
        byte[] junk = new byte[length];
        Arrays.fill(junk, (byte) 'J');
        return junk;
    }
}
