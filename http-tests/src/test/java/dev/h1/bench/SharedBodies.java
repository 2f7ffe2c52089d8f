package dev.h1.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Response bodies that the benchmarks' servers and encoders write over and over: each is one direct buffer,
 * read-only and unreleasable, and every write takes a {@code duplicate()} of it (R5), so that no side copies a
 * constant body or allocates one per response.
 */
final class SharedBodies {

    /** The plaintext answer, {@code Hello, World!} (13 bytes). */
    static final byte[] PLAINTEXT_BYTES = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private static final ByteBuf PLAINTEXT = readOnly(PLAINTEXT_BYTES);

    private SharedBodies() {
    }

    /** A duplicate of the shared plaintext body; releasing it is a no-op. */
    static ByteBuf plaintext() {
        return PLAINTEXT.duplicate();
    }

    /** A shared direct buffer holding {@code bytes}, read-only and unreleasable: write duplicates of it. */
    static ByteBuf readOnly(byte[] bytes) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes)).asReadOnly();
    }
}
