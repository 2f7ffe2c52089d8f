package dev.h1.codec.decoder;

import dev.h1.codec.Headers;
import dev.h1.codec.ParseError;
import io.netty.buffer.ByteBuf;


/**
 * Reads a field section, the header section or a chunked body's trailer section (RFC 9112 §5, §7.1.2): field lines
 * {@code field-name ":" OWS field-value OWS CRLF} up to an empty line. Each byte is validated once as it arrives with
 * a class table; a line is consumed only when complete, and never buffered beyond the section's byte budget.
 */
final class FieldSectionReader {

    /** What one call to {@link #read} achieved. */
    enum Progress {
        /** The input ends inside a field line. */
        NEED_MORE,
        /** One field line was consumed and added. */
        FIELD,
        /** The empty line that ends the section was consumed. */
        END
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int maxBytes;
    private final int maxCount;

    private int used;
    private int count;
    private int cursor;
    private int nameEnd = -1;
    /** The fields of the section being read; created with the first field, so an empty section allocates none. */
    private Headers fields;

    FieldSectionReader(int maxBytes, int maxCount) {
        this.maxBytes = maxBytes;
        this.maxCount = maxCount;
    }

    /** Reads at most one field line (or the end of the section); see {@link #fields()}. */
    Progress read(ByteBuf in) {
        int readable = in.readableBytes();
        int budget = maxBytes - used; // for this line, CRLF included
        if (cursor == 0) {
            if (readable == 0) {
                return Progress.NEED_MORE;
            }
            byte first = in.getByte(in.readerIndex());
            if (first == CR || first == LF) {
                return readEmptyLine(in, first, budget);
            }
            // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected, as is whitespace between the
            // start line and the first field (RFC 9112 §2.2), which would otherwise hide a field.
            if (first == ' ' || first == '\t') {
                throw ParseFailure.of(ParseError.OBSOLETE_LINE_FOLDING, "field line starts with whitespace");
            }
        }
        int limit = Math.min(readable, budget);
        if (nameEnd < 0 && !readName(in, limit, budget)) {
            return Progress.NEED_MORE;
        }
        return readValue(in, readable, limit, budget);
    }

    private Progress readEmptyLine(ByteBuf in, byte first, int budget) {
        if (first == LF) {
            throw ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare LF in the field section");
        }
        if (in.readableBytes() < 2) {
            return Progress.NEED_MORE;
        }
        if (in.getByte(in.readerIndex() + 1) != LF) {
            throw ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare CR in the field section");
        }
        if (budget < 2) {
            throw ParseFailure.of(ParseError.HEADER_FIELDS_TOO_LARGE, "field section too large");
        }
        in.skipBytes(2);
        used += 2;
        return Progress.END;
    }

    /** RFC 9112 §5.1: {@code field-name = token}, immediately followed by ":" (no whitespace before the colon). */
    private boolean readName(ByteBuf in, int limit, int budget) {
        int stop = Tokens.scan(in, cursor, limit, Tokens.WHILE_TCHAR);
        if (stop < 0) {
            cursor = limit;
            if (limit >= budget) {
                throw ParseFailure.of(ParseError.HEADER_FIELDS_TOO_LARGE, "field section too large");
            }
            return false;
        }
        if (stop == 0 || in.getByte(in.readerIndex() + stop) != ':') {
            throw ParseFailure.of(ParseError.BAD_HEADER, "field name is not a token followed by a colon");
        }
        nameEnd = stop;
        cursor = stop + 1;
        return true;
    }

    /** RFC 9110 §5.5: the value is VCHAR / obs-text with SP and HTAB inside; NUL, CR, LF and other CTLs are errors. */
    private Progress readValue(ByteBuf in, int readable, int limit, int budget) {
        int stop = Tokens.scan(in, cursor, limit, Tokens.WHILE_FIELD_VALUE);
        if (stop < 0) {
            cursor = limit;
            if (limit >= budget) {
                throw ParseFailure.of(ParseError.HEADER_FIELDS_TOO_LARGE, "field section too large");
            }
            return Progress.NEED_MORE;
        }
        int start = in.readerIndex();
        byte b = in.getByte(start + stop);
        if (b == LF) {
            throw ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare LF in a field line");
        }
        if (b != CR) {
            throw ParseFailure.of(ParseError.BAD_HEADER, "control character in a field value");
        }
        if (stop + 2 > budget) {
            throw ParseFailure.of(ParseError.HEADER_FIELDS_TOO_LARGE, "field section too large");
        }
        if (stop + 1 >= readable) {
            cursor = stop;
            return Progress.NEED_MORE;
        }
        if (in.getByte(start + stop + 1) != LF) {
            throw ParseFailure.of(ParseError.BAD_LINE_ENDING, "bare CR in a field line");
        }
        if (count == maxCount) {
            throw ParseFailure.of(ParseError.HEADER_FIELDS_TOO_LARGE, "too many fields");
        }
        // RFC 9112 §5.1: leading and trailing OWS are not part of the field value.
        int from = nameEnd + 1;
        int to = stop;
        while (from < to && Tokens.isOws(in.getByte(start + from))) {
            from++;
        }
        while (to > from && Tokens.isOws(in.getByte(start + to - 1))) {
            to--;
        }
        if (fields == null) {
            fields = new Headers();
        }
        fields.add(KnownStrings.FIELD_NAMES.toString(in, start, nameEnd),
                KnownStrings.FIELD_VALUES.toString(in, start + from, to - from));
        count++;
        used += stop + 2;
        in.skipBytes(stop + 2);
        cursor = 0;
        nameEnd = -1;
        return Progress.FIELD;
    }

    /** Whether part of a field line has been seen but not consumed. */
    boolean isInsideLine() {
        return cursor > 0;
    }

    /** The fields read so far in this section, or {@code null} when there are none. */
    Headers fields() {
        return fields;
    }

    /** Starts a new section with a full budget; the fields read so far now belong to the caller. */
    void reset() {
        fields = null;
        used = 0;
        count = 0;
        cursor = 0;
        nameEnd = -1;
    }
}
