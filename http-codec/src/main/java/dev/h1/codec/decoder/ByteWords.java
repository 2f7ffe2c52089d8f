package dev.h1.codec.decoder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the bytes of an array eight at a time, as little-endian {@code long}s (the byte at the lowest index in the
 * lowest bits), to compare byte sequences in a few word comparisons instead of a call to {@code Arrays.equals} or a
 * loop over bytes. Every read stays inside the array: a sequence of fewer than eight bytes near the array's end is
 * read as the word that ends with it, shifted, or byte by byte in an array shorter than a word.
 *
 * <p>{@code DecoderBenchmark} and {@code PipelineBenchmark} (http-tests): before this, {@code Arrays.equals} called
 * from {@link KnownStrings#find} was about a tenth of a pipelined server's CPU samples; the figures are in
 * {@link KnownStrings}.
 */
final class ByteWords {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteWords() {
    }

    /** The eight bytes {@code [index, index + 8)} of {@code bytes} as one word; the array must hold them. */
    static long word(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }

    /**
     * The first {@code min(length, 8)} bytes of {@code [from, from + length)} as one word, zero above them; the
     * array must hold the {@code length} bytes, and nothing beyond them is read.
     */
    static long head(byte[] bytes, int from, int length) {
        if (length >= Long.BYTES) {
            return word(bytes, from);
        }
        if (length == 0) {
            return 0;
        }
        if (from + Long.BYTES <= bytes.length) {
            return word(bytes, from) & (-1L >>> (Long.SIZE - Byte.SIZE * length));
        }
        int end = from + length;
        if (end >= Long.BYTES) {
            return word(bytes, end - Long.BYTES) >>> (Long.SIZE - Byte.SIZE * length);
        }
        long word = 0;
        for (int i = end - 1; i >= from; i--) {
            word = word << Byte.SIZE | (bytes[i] & 0xFF);
        }
        return word;
    }

    /**
     * The last eight bytes of {@code [from, from + length)} as one word, overlapping the {@link #head} when
     * {@code length} is below 16; 0 when {@code length} is at most 8, where the head holds every byte.
     */
    static long tail(byte[] bytes, int from, int length) {
        return length > Long.BYTES ? word(bytes, from + length - Long.BYTES) : 0;
    }

    /**
     * Whether the bytes {@code [from, from + length)} of {@code a} equal those at {@code [bFrom, bFrom + length)} of
     * {@code b}, skipping the first and last eight, which the caller compared through {@link #head} and
     * {@link #tail}: only the bytes in between, for sequences longer than 16.
     */
    static boolean middleEquals(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        for (int k = Long.BYTES; k < length - Long.BYTES; k += Long.BYTES) {
            if (word(a, aFrom + k) != word(b, bFrom + k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code [aFrom, aFrom + length)} of {@code a} and {@code [bFrom, bFrom + length)} of {@code b} are equal.
     */
    static boolean equals(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        return head(a, aFrom, length) == head(b, bFrom, length)
                && tail(a, aFrom, length) == tail(b, bFrom, length)
                && middleEquals(a, aFrom, b, bFrom, length);
    }
}
