package dev.h1.codec.decoder;

import dev.h1.codec.ParseError;
import io.netty.buffer.ByteBuf;

/**
 * Reads a chunk-size line, {@code chunk-size [ chunk-ext ] CRLF} (RFC 9112 §7.1): the size as {@code 1*HEXDIG}
 * with overflow detection, extensions checked against their grammar and ignored. The line is consumed only when
 * complete and is never buffered beyond its budget.
 */
final class ChunkSizeReader {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int maxBytes;

    private int cursor;
    private int digitsEnd = -1;
    private long size;

    ChunkSizeReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Reads what has arrived; returns true once a whole chunk-size line was consumed (then read {@link #size()}). */
    boolean read(ByteBuf in) {
        int limit = Math.min(in.readableBytes(), maxBytes + 2);
        if (digitsEnd < 0 && !readDigits(in, limit)) {
            return false;
        }
        int stop = Tokens.scan(in, cursor, limit, Tokens.WHILE_FIELD_VALUE);
        if (stop < 0) {
            cursor = limit;
            if (cursor > maxBytes) {
                throw ParseFailure.of(ParseError.BAD_CHUNK, "chunk-size line too long");
            }
            return false;
        }
        int start = in.readerIndex();
        byte b = in.getByte(start + stop);
        if (b == LF) {
            throw ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare LF in a chunk-size line");
        }
        if (b != CR) {
            throw ParseFailure.of(ParseError.BAD_CHUNK, "control character in a chunk extension");
        }
        if (stop > maxBytes) {
            throw ParseFailure.of(ParseError.BAD_CHUNK, "chunk-size line too long");
        }
        if (stop + 1 >= in.readableBytes()) {
            cursor = stop;
            return false;
        }
        if (in.getByte(start + stop + 1) != LF) {
            throw ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare CR in a chunk-size line");
        }
        ChunkExtensions.check(in, start + digitsEnd, start + stop);
        size = parseHex(in, start, start + digitsEnd);
        in.skipBytes(stop + 2);
        cursor = 0;
        digitsEnd = -1;
        return true;
    }

    /** {@code chunk-size = 1*HEXDIG}, directly followed by a chunk extension (";" or BWS) or CRLF. */
    private boolean readDigits(ByteBuf in, int limit) {
        int stop = Tokens.scan(in, cursor, limit, Tokens.WHILE_HEXDIG);
        if (stop < 0) {
            cursor = limit;
            if (cursor > maxBytes) {
                throw ParseFailure.of(ParseError.BAD_CHUNK, "chunk-size line too long");
            }
            return false;
        }
        byte b = in.getByte(in.readerIndex() + stop);
        if (stop == 0) {
            throw b == LF
                    ? ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare LF instead of a chunk size")
                    : ParseFailure.of(ParseError.BAD_CHUNK, "chunk size is not a hex number");
        }
        if (b == LF) {
            throw ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare LF in a chunk-size line");
        }
        if (b != CR && b != ';' && !Tokens.isOws(b)) {
            throw ParseFailure.of(ParseError.BAD_CHUNK, "chunk size is not a hex number");
        }
        digitsEnd = stop;
        cursor = stop;
        return true;
    }

    private static long parseHex(ByteBuf in, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            if (value > (Long.MAX_VALUE >>> 4)) {
                throw ParseFailure.of(ParseError.BAD_CHUNK, "chunk size overflows");
            }
            value = (value << 4) | Tokens.hexValue(in.getByte(i));
        }
        return value;
    }

    /** The size of the chunk whose line was read last. */
    long size() {
        return size;
    }

    /** Whether part of a chunk-size line has been seen but not consumed. */
    boolean isInsideLine() {
        return cursor > 0;
    }

    void reset() {
        cursor = 0;
        digitsEnd = -1;
        size = 0;
    }
}
