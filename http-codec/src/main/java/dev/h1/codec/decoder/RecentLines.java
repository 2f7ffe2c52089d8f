package dev.h1.codec.decoder;

/**
 * The lines last decoded on this connection, each with what was decoded from it, reused when the next request repeats
 * a line byte for byte at the same place. A browser sends the same Host, User-Agent, Accept and Cookie lines in every
 * request of a connection, in the same order, and a pipelining client the very same request again and again; a
 * repeated line then costs one comparison of its bytes (as words, {@link ByteWords}) instead of its scan, its
 * validation, the lookups of its name and value and new strings. Only a line that was decoded and found valid is
 * remembered, and a line's result depends on nothing but its bytes and the decoder's fixed limits, so a repeated line
 * decodes exactly as it would have; the strings handed out again are immutable.
 *
 * <p>Each place (the request line; the field line at position {@code i} of a section) has a slot, which remembers its
 * last line, without the CRLF. Lines longer than {@value #MAX_LENGTH} bytes are not remembered, so a slot keeps at
 * most that many bytes; its array is reused for the next line that fits. A line that changes with every request
 * costs one copy of its bytes.
 *
 * <p>{@code DecoderBenchmark} (http-tests), PLAINTEXT_PIPELINED_16 under perf: the scans, name and value lookups and
 * string reuse of field lines were about half of the decoder's samples; the figures of this change are in
 * docs/BENCHMARKS.md. One instance per reader, used on the decoder's event loop only.
 *
 * @param <T> what is decoded from a line
 */
final class RecentLines<T> {

    /** The longest line remembered, in bytes, without its CRLF. */
    static final int MAX_LENGTH = 512;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final byte[][] lines;
    /** The length of each slot's line; 0 while the slot is empty (no line is empty). */
    private final int[] lengths;
    private final Object[] decoded;

    /** @param slots how many places, from the first, have a slot */
    RecentLines(int slots) {
        lines = new byte[slots][];
        lengths = new int[slots];
        decoded = new Object[slots];
    }

    /**
     * Whether the {@code available} bytes at {@code from} of {@code bytes} start with the line remembered in
     * {@code slot} followed by CRLF; returns the line's length without the CRLF, or -1.
     */
    int match(int slot, byte[] bytes, int from, int available) {
        if (slot >= lengths.length) {
            return -1;
        }
        int length = lengths[slot];
        if (length == 0 || available < length + 2 || bytes[from + length] != CR || bytes[from + length + 1] != LF) {
            return -1;
        }
        return ByteWords.equals(lines[slot], 0, bytes, from, length) ? length : -1;
    }

    /**
     * How many bytes {@link #match} needs to see to find the line of {@code slot}: its length and CRLF; 0 when
     * there is none.
     */
    int wanted(int slot) {
        return slot < lengths.length && lengths[slot] > 0 ? lengths[slot] + 2 : 0;
    }

    /** What was decoded from the line of {@code slot}, after a {@link #match}. */
    @SuppressWarnings("unchecked")
    T decoded(int slot) {
        return (T) decoded[slot];
    }

    /** Whether a line of {@code length} bytes in {@code slot} would be remembered. */
    boolean keeps(int slot, int length) {
        return slot < lengths.length && length > 0 && length <= MAX_LENGTH;
    }

    /**
     * Remembers the {@code length} bytes at {@code from} of {@code bytes} in {@code slot}, a valid line, with what was
     * decoded from it, if {@link #keeps} says so.
     */
    void remember(int slot, byte[] bytes, int from, int length, T result) {
        if (!keeps(slot, length)) {
            return;
        }
        byte[] line = lines[slot];
        if (line == null || line.length < length) {
            line = new byte[length];
            lines[slot] = line;
        }
        System.arraycopy(bytes, from, line, 0, length);
        lengths[slot] = length;
        decoded[slot] = result;
    }
}
