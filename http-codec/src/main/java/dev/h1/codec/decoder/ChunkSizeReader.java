package dev.h1.codec.decoder;

import dev.h1.codec.FieldText;
import dev.h1.codec.ParseError;
import io.netty.buffer.ByteBuf;

/**
 * Reads the chunked framing around the chunk data (RFC 9112 §7.1): the chunk-size line,
 * {@code chunk-size [ chunk-ext ] CRLF}, with the size as {@code 1*HEXDIG} and overflow detection and the extensions
 * checked against their grammar and ignored; and the CRLF after each chunk's data. A line is consumed only when
 * complete and is never buffered beyond its budget.
 */
final class ChunkSizeReader {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private static final ParseFailure TOO_LONG = ParseFailure.of(ParseError.BAD_CHUNK, "chunk-size line too long");
    private static final ParseFailure NOT_HEX = ParseFailure.of(ParseError.BAD_CHUNK, "chunk size is not a hex number");
    private static final ParseFailure CONTROL_IN_EXTENSION =
            ParseFailure.of(ParseError.BAD_CHUNK, "control character in a chunk extension");
    private static final ParseFailure NO_CRLF_AFTER_DATA =
            ParseFailure.of(ParseError.BAD_CHUNK, "chunk data not followed by CRLF");

    private static final LineScanner.ByteClass HEXDIGS = UriChars::skipHexdig;
    private static final LineScanner.ByteClass FIELD_CONTENT = FieldText::skipFieldContent;

    private final int maxBytes;
    private final HeadBytes head;
    private final LineScanner line;

    private int digitsEnd = -1;
    private long size;

    ChunkSizeReader(int maxBytes, HeadBytes head) {
        this.maxBytes = maxBytes;
        this.head = head;
        this.line = new LineScanner(LineScanner.Place.CHUNKED_FRAMING, head, HeadBytes.CHUNK_LINE_STEP);
    }

    /** Reads what has arrived; returns true once a whole chunk-size line was consumed (then read {@link #size()}). */
    boolean read(ByteBuf in) {
        if (digitsEnd < 0 && !readDigits(in)) {
            return false;
        }
        int end = line.scanToCrlf(in, FIELD_CONTENT, maxBytes, TOO_LONG, CONTROL_IN_EXTENSION);
        if (end == LineScanner.NEED_MORE) {
            return false;
        }
        byte[] bytes = head.array();
        int start = head.offset();
        ChunkExtensions.check(bytes, start + digitsEnd, start + end);
        size = parseHex(bytes, start, start + digitsEnd);
        line.consumeLine(in, end);
        digitsEnd = -1;
        return true;
    }

    /**
     * {@code chunk-size = 1*HEXDIG}, directly followed by a chunk extension (";" or BWS) or the line end, whose
     * CRLF rule the line scan applies.
     */
    private boolean readDigits(ByteBuf in) {
        int stop = line.scan(in, HEXDIGS, maxBytes, TOO_LONG);
        if (stop == LineScanner.NEED_MORE) {
            return false;
        }
        byte b = head.get(in, stop);
        boolean endsSize = b == LF || (stop > 0 && (b == CR || b == ';' || FieldText.isOws(b)));
        if (!endsSize) {
            throw NOT_HEX;
        }
        digitsEnd = stop;
        return true;
    }

    /**
     * RFC 9112 §7.1: {@code chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF}. Reads the CRLF after the data;
     * returns true once it was consumed.
     */
    boolean readDataEnd(ByteBuf in) {
        byte first = head.get(in, 0);
        if (first != CR && first != LF) {
            throw NO_CRLF_AFTER_DATA;
        }
        return line.skipCrlf(in);
    }

    private static long parseHex(byte[] bytes, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            if (value > (Long.MAX_VALUE >>> 4)) {
                throw ParseFailure.of(ParseError.BAD_CHUNK, "chunk size overflows");
            }
            value = (value << 4) | UriChars.hexValue(bytes[i]);
        }
        return value;
    }

    /** The size of the chunk whose line was read last. */
    long size() {
        return size;
    }

    void reset() {
        line.reset();
        digitsEnd = -1;
        size = 0;
    }
}
