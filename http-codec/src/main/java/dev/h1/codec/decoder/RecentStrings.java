package dev.h1.codec.decoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings last decoded on this connection, reused when the next request repeats one byte for byte. A browser
 * sends the same Host, User-Agent, Accept and Cookie values in every request of a connection, in the same order, and
 * a pipelining client the very same request again and again; a repeated value then costs a comparison instead of a
 * new {@code String}. Strings are immutable, so handing the same instance to several requests is safe.
 *
 * <p>Each place in a request (the request-target, the value of the field line at position {@code i}) has a slot that
 * remembers the last string decoded there with its bytes. Strings longer than {@value #MAX_LENGTH} bytes and field
 * lines beyond the first {@value #FIELD_SLOTS} are not remembered, so one connection keeps at most about 4.5 KiB here.
 * A string that changes with every request costs one more copy of its bytes.
 *
 * <p>{@code DecoderBenchmark} (http-tests), {@code -prof gc}: h1's bytes allocated per decode of BROWSER_GET went from
 * 784 to 177, of PLAINTEXT_PIPELINED_16 (16 requests) from 6658 to 2822, where Netty's are 1632 and 11137; the CPU
 * time per decode did not change measurably. The remembered bytes are compared as words ({@link ByteWords}), like
 * {@link KnownStrings}' candidates.
 *
 * <p>One instance per decoder, used on its event loop only.
 */
final class RecentStrings {

    /** The slot of the request-target. */
    static final int TARGET = 0;
    /** How many field lines, from the first, have a slot. */
    static final int FIELD_SLOTS = 16;
    /** The longest string remembered, in bytes. */
    static final int MAX_LENGTH = 256;

    private final String[] strings = new String[1 + FIELD_SLOTS];
    private final byte[][] bytes = new byte[1 + FIELD_SLOTS][];

    /** The slot of the value of the field line at {@code position} (from 0) in its section. */
    static int fieldSlot(int position) {
        return 1 + position;
    }

    /**
     * The bytes {@code [from, from + length)} of {@code source} as a string: the one last decoded in {@code slot} if
     * it has the same bytes, else a new one, which the slot then remembers.
     */
    String toString(int slot, byte[] source, int from, int length) {
        if (slot >= strings.length || length > MAX_LENGTH) {
            return new String(source, from, length, StandardCharsets.ISO_8859_1);
        }
        byte[] last = bytes[slot];
        if (last != null && last.length == length && ByteWords.equals(last, 0, source, from, length)) {
            return strings[slot];
        }
        byte[] copy = Arrays.copyOfRange(source, from, from + length);
        String string = new String(copy, StandardCharsets.ISO_8859_1);
        bytes[slot] = copy;
        strings[slot] = string;
        return string;
    }
}
