package dev.h1.codec.encoder;

import java.util.Arrays;

/**
 * A reusable array in which the encoder assembles a head or a trailer section before copying it into the batch in one
 * piece. Copying each name, value and line separately into the batch's direct buffer cost a bounds-checked NIO bulk
 * put per piece, about 13 % of the encoder's samples (EncoderBenchmark FIXED_13 in http-tests); array copies into this
 * buffer and one bulk copy at the end cost a fraction of that. Assembling first also means a refused head leaves
 * nothing to rewind, and the batch is opened with the exact size, with no pass over the fields to estimate it.
 *
 * <p>Event loop only: one per event loop, lent to an encoder while it assembles ({@link WriteBatch#lines()}).
 */
final class LineBuffer {

    /** Room for a usual head; the array grows for a larger one. */
    private static final int INITIAL_BYTES = 512;
    /** A larger array, grown for an unusual head, is dropped at the next {@link #clear()} rather than kept. */
    private static final int MAX_KEPT_BYTES = 8 * 1024;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int length;

    /** Empties the buffer for the next head, giving up an array grown past {@link #MAX_KEPT_BYTES}. */
    LineBuffer clear() {
        length = 0;
        if (bytes.length > MAX_KEPT_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
        return this;
    }

    /** The number of bytes written since the last {@link #clear()}. */
    int length() {
        return length;
    }

    /** The array that holds the bytes, valid up to {@link #length()}: read it before the next write. */
    byte[] array() {
        return bytes;
    }

    void write(byte[] source) {
        ensure(source.length);
        System.arraycopy(source, 0, bytes, length, source.length);
        length += source.length;
    }

    void writeByte(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    /** Writes each char as its byte: the caller has checked the text has nothing above 0xFF (Latin-1). */
    void writeLatin1(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length + i] = (byte) text.charAt(i);
        }
        length += n;
    }

    /** {@code ":" SP} between a field name and its value. */
    void colonSpace() {
        ensure(2);
        bytes[length++] = ':';
        bytes[length++] = ' ';
    }

    /** The CRLF that ends every line (RFC 9112 §2.1). */
    void crlf() {
        ensure(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
