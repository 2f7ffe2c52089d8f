package dev.h1.codec.decoder;

import dev.h1.codec.ParseError;
import io.netty.buffer.ByteBuf;

/**
 * Scans one CRLF-terminated line (a request line, a field line, a chunk-size line) in bulk over the {@link HeadBytes}
 * copy of the input, and applies the line-ending rule of RFC 9112 §2.2 in one place: a line ends in CRLF; a bare CR
 * or a bare LF is an error, because recipients that disagree about line ends can be led to see different messages
 * (request smuggling).
 *
 * <p>Nothing is consumed until a whole line is there. {@link #position()}, where the next scan resumes, is relative
 * to the reader index: it survives {@code ByteToMessageDecoder}'s cumulation, which may move or copy the bytes, and
 * bytes once accepted are never scanned again (picohttpparser's {@code last_len}). Each scan looks at no more than
 * the line's budget plus its CRLF, so a line that will not fit is rejected as soon as its budget is used up, without
 * buffering more of it.
 */
final class LineScanner {

    /** What a scan returns while the input ends before the byte it looks for. */
    static final int NEED_MORE = -1;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /**
     * A class of bytes that a scan accepts, searched in bulk: {@code skip} returns the index of the first byte in
     * {@code [from, to)} of {@code bytes} that is not in the class, or {@code to}.
     */
    @FunctionalInterface
    interface ByteClass {
        int skip(byte[] bytes, int from, int to);
    }

    /**
     * Where a scanner's lines are, named in its line-ending errors. Each place's two failures are made once for the
     * whole process and thrown again by every connection (they are stackless and immutable, {@link ParseFailure}):
     * made per scanner they were six exceptions and six strings on every connection: 670 of the 4,720 bytes an idle
     * connection's pipeline kept beyond its channel's (heap histograms of 10,000 installed {@code EmbeddedChannel}s).
     */
    enum Place {
        REQUEST_LINE("in the request line"),
        FIELD_SECTION("in the field section"),
        CHUNKED_FRAMING("in the chunked framing");

        private final ParseFailure bareCr;
        private final ParseFailure bareLf;

        Place(String where) {
            this.bareCr = ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare CR " + where);
            this.bareLf = ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare LF " + where);
        }
    }

    private final Place place;
    private final HeadBytes head;
    /** How many bytes a scan copies at once from the input, beyond where it resumes (see {@link HeadBytes}). */
    private final int step;

    /** Where the next scan resumes, relative to the reader index: the bytes before it were accepted. */
    private int scanFrom;

    /**
     * @param where the place of the lines, named by a line-ending error
     * @param head  the copy of the input that the scans read
     * @param step  how many bytes to copy at once: about the length of the lines (or heads) expected
     */
    LineScanner(Place where, HeadBytes head, int step) {
        this.place = where;
        this.head = head;
        this.step = step;
    }

    /**
     * Scans from {@link #position()} while {@code accepts} takes the bytes, within the window of the first
     * {@code maxBytes + 2} bytes of the line (the budget and a CRLF). Returns the relative index of the byte it
     * stopped at, which becomes the position; or {@link #NEED_MORE} once it accepted every byte available, with the
     * position after them.
     *
     * <p>The window is the same however the input is split, and a line is too long only once the whole window was
     * accepted: so a byte that the scan stops at is found, and judged, at the same index whether it arrived alone or
     * with the whole line, and every split gives the same error.
     *
     * @param maxBytes the most bytes, counted from the start of the line, that may come before the byte looked for
     * @throws ParseFailure {@code tooLong} once the whole window was accepted
     */
    int scan(ByteBuf in, ByteClass accepts, int maxBytes, ParseFailure tooLong) {
        long windowBytes = maxBytes + 2L;
        int window = (int) Math.min(in.readableBytes(), windowBytes);
        while (scanFrom < window) {
            int copied = head.copyPast(in, scanFrom, window, step);
            int offset = head.offset();
            scanFrom = accepts.skip(head.array(), offset + scanFrom, offset + copied) - offset;
            if (scanFrom < copied) {
                return scanFrom;
            }
        }
        if (scanFrom >= windowBytes) {
            throw tooLong;
        }
        return NEED_MORE;
    }

    /**
     * Scans the rest of the line up to its CRLF; every byte before it must be one that {@code content} accepts.
     * Returns the relative index of the CR once the LF after it has arrived: the line's content ends there. Returns
     * {@link #NEED_MORE} before that.
     *
     * @param maxBytes the most content bytes of the line, without its CRLF
     * @throws ParseFailure {@code tooLong} when the content exceeds {@code maxBytes}; {@code invalid} for a byte
     *                      that {@code content} refuses and that is neither CR nor LF; a line-ending error for a bare
     *                      CR or LF
     */
    int scanToCrlf(ByteBuf in, ByteClass content, int maxBytes, ParseFailure tooLong, ParseFailure invalid) {
        int stop = scan(in, content, maxBytes, tooLong);
        if (stop == NEED_MORE) {
            return NEED_MORE;
        }
        byte b = head.get(in, stop);
        if (b == LF) {
            throw place.bareLf;
        }
        if (b != CR) {
            throw invalid;
        }
        if (stop > maxBytes) {
            throw tooLong;
        }
        if (stop + 1 >= in.readableBytes()) {
            return NEED_MORE; // the position stays at the CR, so the next scan starts there
        }
        if (head.get(in, stop + 1) != LF) {
            throw place.bareCr;
        }
        return stop;
    }

    /**
     * Consumes the CRLF of an empty line at the reader index, whose first byte is a CR or an LF. Returns whether it
     * did; false while only the CR has arrived.
     *
     * @throws ParseFailure a line-ending error for a bare CR or LF
     */
    boolean skipCrlf(ByteBuf in) {
        if (head.get(in, 0) == LF) {
            throw place.bareLf;
        }
        if (in.readableBytes() < 2) {
            return false;
        }
        if (head.get(in, 1) != LF) {
            throw place.bareCr;
        }
        head.skip(in, 2);
        return true;
    }

    /** Consumes the line whose CR (found by {@link #scanToCrlf}) is at relative index {@code cr}, with its CRLF. */
    void consumeLine(ByteBuf in, int cr) {
        head.skip(in, cr + 2);
        scanFrom = 0;
    }

    /** Where the next scan resumes, relative to the reader index. */
    int position() {
        return scanFrom;
    }

    /** Resumes the next scan at {@code offset}, relative to the reader index: the bytes before it are accepted. */
    void resumeAt(int offset) {
        scanFrom = offset;
    }

    /** Whether part of the current line has been accepted. */
    boolean isStarted() {
        return scanFrom > 0;
    }

    void reset() {
        scanFrom = 0;
    }
}
