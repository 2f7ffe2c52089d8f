package dev.h1.codec.decoder;

import dev.h1.codec.FieldText;
import dev.h1.codec.Headers;
import dev.h1.codec.ParseError;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Reads a field section, the header section or a chunked body's trailer section (RFC 9112 §5, §7.1.2): field lines
 * {@code field-name ":" OWS field-value OWS CRLF} up to an empty line. A line that repeats, byte for byte, the line at
 * its place in the connection's previous section is taken with what was decoded from it then ({@link RecentLines});
 * a line already whole in the copy of the input is read in one pass; any other line is read step by step as its bytes
 * arrive. Every byte is validated with a class table; a line is consumed only when complete, and never buffered
 * beyond the section's byte budget.
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
    /** The shortest field line: {@code "a:" CRLF}. */
    private static final int SHORTEST_LINE = 4;
    /** What {@link #lineEnd} returns when the line may go on past the bytes copied so far. */
    private static final int PAST_COPY = -2;

    private static final ParseFailure TOO_LARGE =
            ParseFailure.of(ParseError.HEADER_FIELDS_TOO_LARGE, "field section too large");
    private static final ParseFailure TOO_MANY = ParseFailure.of(ParseError.HEADER_FIELDS_TOO_LARGE, "too many fields");
    private static final ParseFailure NOT_A_NAME =
            ParseFailure.of(ParseError.BAD_HEADER, "field name is not a token followed by a colon");
    private static final ParseFailure CONTROL_IN_VALUE =
            ParseFailure.of(ParseError.BAD_HEADER, "control character in a field value");
    private static final ParseFailure STARTS_WITH_WHITESPACE =
            ParseFailure.of(ParseError.OBSOLETE_LINE_FOLDING, "field line starts with whitespace");

    /** The size of a first list on a connection: a browser request's typical count. */
    private static final int DEFAULT_FIELDS = 8;
    /** How many field lines of a section, from the first, {@link RecentLines} remembers. */
    private static final int RECENT_SLOTS = 16;
    private static final LineScanner.ByteClass TCHARS = FieldText::skipTchars;
    private static final LineScanner.ByteClass FIELD_CONTENT = FieldText::skipFieldContent;

    private final int maxBytes;
    private final int maxCount;
    private final HeadBytes head;
    /** The field lines of the connection's previous section, by position. */
    private final RecentLines<FieldLine> recent = new RecentLines<>(RECENT_SLOTS);
    private final LineScanner line;

    private int used;
    private int count;
    /** How many fields the last non-empty section had: the next list is sized for as many. */
    private int lastCount;
    private int nameEnd = -1;
    /** The fields of the section being read; created with the first field, so an empty section allocates none. */
    private Headers fields;
    /** The {@link FieldMarks} of the fields read so far in this section. */
    private int marks;
    /** The {@link FieldMarks} of the field read last. */
    private int lastMarks;

    FieldSectionReader(int maxBytes, int maxCount, HeadBytes head) {
        this.maxBytes = maxBytes;
        this.maxCount = maxCount;
        this.head = head;
        this.line = new LineScanner(LineScanner.Place.FIELD_SECTION, head, HeadBytes.HEAD_STEP);
    }

    /** Reads at most one field line (or the end of the section); see {@link #fields()}. */
    Progress read(ByteBuf in) {
        int maxLineBytes = maxBytes - used - 2; // the line's CRLF counts towards the section too
        if (!line.isStarted()) {
            if (!in.isReadable()) {
                return Progress.NEED_MORE;
            }
            byte first = head.get(in, 0);
            if (first == CR || first == LF) {
                return readEmptyLine(in);
            }
            // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected, as is whitespace between the
            // start line and the first field (RFC 9112 §2.2), which would otherwise hide a field.
            if (FieldText.isOws(first)) {
                throw STARTS_WITH_WHITESPACE;
            }
            int window = (int) Math.min(in.readableBytes(), maxLineBytes + 2L);
            if (window >= SHORTEST_LINE) {
                int copied = head.copyAtLeast(in, recent.wanted(count), window);
                int end = recent.match(count, head.array(), head.offset(), copied);
                if (end >= 0 && end <= maxLineBytes) {
                    return add(in, end, recent.decoded(count));
                }
                end = wholeLineEnd(in, copied, window, maxLineBytes);
                if (end >= 0) {
                    return addLine(in, end);
                }
            }
        }
        if (nameEnd < 0 && !readName(in, maxLineBytes)) {
            return Progress.NEED_MORE;
        }
        return readValue(in, maxLineBytes);
    }

    private Progress readEmptyLine(ByteBuf in) {
        if (!line.skipCrlf(in)) {
            return Progress.NEED_MORE;
        }
        if (used + 2 > maxBytes) {
            throw TOO_LARGE;
        }
        used += 2;
        return Progress.END;
    }

    /**
     * The common case in one pass: when a whole, valid field line that fits the budget is in the first
     * {@code copied} bytes of the copy (or in one more step of it, up to {@code window}), finds its colon and its
     * CR and returns the CR's relative index, with {@link #nameEnd} set; otherwise returns -1 and changes nothing,
     * and the incremental path ({@link #readName}, {@link #readValue}) reads the line, or judges it, as it would
     * have. Both scan with the same byte classes over the same window, so the line they accept is the same, and a
     * line read here is consumed whole: the result does not depend on how the input was split.
     * {@code DecoderBenchmark} (http-tests), PLAINTEXT_PIPELINED_16 under perf: the incremental path's calls through
     * {@link LineScanner.ByteClass} (three classes at one call site, so an interface dispatch per scan) and its
     * position bookkeeping were about a sixth of the decoder's samples.
     */
    private int wholeLineEnd(ByteBuf in, int copied, int window, int maxLineBytes) {
        int end = lineEnd(copied, maxLineBytes);
        if (end == PAST_COPY && copied < window) {
            // A line across the end of the copy (one in a few pipelined heads) is scanned again once one more step
            // is copied; only once, so that a long line costs two scans here at most, before the incremental path.
            end = lineEnd(head.copyPast(in, copied, window, HeadBytes.HEAD_STEP), maxLineBytes);
        }
        return Math.max(end, -1);
    }

    /**
     * For {@link #wholeLineEnd}: the relative index of the CR of a whole, valid line of at most {@code maxLineBytes}
     * in the first {@code copied} bytes of the copy, with {@link #nameEnd} set; {@link #PAST_COPY} when the line
     * may go on past them; -1 when the incremental path must judge it.
     */
    private int lineEnd(int copied, int maxLineBytes) {
        byte[] bytes = head.array();
        int start = head.offset();
        int limit = start + copied;
        int colon = FieldText.skipTchars(bytes, start, limit);
        if (colon >= limit) {
            return PAST_COPY;
        }
        if (colon == start || bytes[colon] != ':') {
            return -1;
        }
        int cr = FieldText.skipFieldContent(bytes, colon + 1, limit);
        if (cr + 1 >= limit) {
            return PAST_COPY;
        }
        if (bytes[cr] != CR || bytes[cr + 1] != LF || cr - start > maxLineBytes) {
            return -1;
        }
        nameEnd = colon - start;
        return cr - start;
    }

    /** RFC 9112 §5.1: {@code field-name = token}, immediately followed by ":" (no whitespace before the colon). */
    private boolean readName(ByteBuf in, int maxLineBytes) {
        int stop = line.scan(in, TCHARS, maxLineBytes, TOO_LARGE);
        if (stop == LineScanner.NEED_MORE) {
            return false;
        }
        if (stop == 0 || head.get(in, stop) != ':') {
            throw NOT_A_NAME;
        }
        nameEnd = stop;
        return true;
    }

    /** RFC 9110 §5.5: the value is VCHAR / obs-text with SP and HTAB inside; NUL, CR, LF and other CTLs are errors. */
    private Progress readValue(ByteBuf in, int maxLineBytes) {
        int end = line.scanToCrlf(in, FIELD_CONTENT, maxLineBytes, TOO_LARGE, CONTROL_IN_VALUE);
        if (end == LineScanner.NEED_MORE) {
            return Progress.NEED_MORE;
        }
        return addLine(in, end);
    }

    /**
     * Decodes and adds the field line whose name ends at {@link #nameEnd} and whose CR is at relative index
     * {@code end}, and remembers it in its {@link RecentLines} slot.
     */
    private Progress addLine(ByteBuf in, int end) {
        if (count == maxCount) {
            throw TOO_MANY;
        }
        // RFC 9112 §5.1: leading and trailing OWS are not part of the field value.
        byte[] bytes = head.array();
        int start = head.offset();
        int from = start + nameEnd + 1;
        int to = start + end;
        while (from < to && FieldText.isOws(bytes[from])) {
            from++;
        }
        while (to > from && FieldText.isOws(bytes[to - 1])) {
            to--;
        }
        String value = KnownStrings.FIELD_VALUES.toString(bytes, from, to - from);
        int known = KnownStrings.FIELD_NAMES.indexOf(bytes, start, nameEnd);
        String name;
        int nameMark;
        if (known >= 0) { // a known name's mark is a table load
            name = KnownStrings.FIELD_NAMES.get(known);
            nameMark = FieldMarks.ofKnownName(known);
        } else {
            name = new String(bytes, start, nameEnd, StandardCharsets.ISO_8859_1);
            nameMark = FieldMarks.ofName(name);
        }
        int fieldMarks = FieldMarks.ofField(nameMark, value);
        if (!recent.keeps(count, end)) {
            return add(in, end, name, value, fieldMarks);
        }
        FieldLine decoded = new FieldLine(name, value, fieldMarks);
        recent.remember(count, bytes, start, end, decoded);
        return add(in, end, decoded);
    }

    private Progress add(ByteBuf in, int end, FieldLine decoded) {
        return add(in, end, decoded.name(), decoded.value(), decoded.marks());
    }

    /** Adds a field with its {@link FieldMarks} and consumes its line, whose CR is at relative index {@code end}. */
    private Progress add(ByteBuf in, int end, String name, String value, int fieldMarks) {
        if (count == maxCount) {
            throw TOO_MANY;
        }
        if (fields == null) {
            // Sized as the connection's previous section: its requests tend to carry the same fields, and an exactly
            // sized list is about half the bytes of a default one (PipelineBenchmark in http-tests, -prof gc).
            fields = new Headers(lastCount > 0 ? lastCount : DEFAULT_FIELDS);
        }
        fields.add(name, value);
        lastMarks = fieldMarks;
        marks = FieldMarks.add(marks, fieldMarks);
        count++;
        used += end + 2;
        line.consumeLine(in, end);
        nameEnd = -1;
        return Progress.FIELD;
    }

    /** What a field line decoded to: its name, its value without OWS, its {@link FieldMarks}. */
    private record FieldLine(String name, String value, int marks) {
    }

    /** The {@link FieldMarks} of the fields read so far in this section. */
    int marks() {
        return marks;
    }

    /** The {@link FieldMarks} of the field line read last in this section ({@link FieldMarks#NONE} before one). */
    int lastMarks() {
        return lastMarks;
    }

    /** The fields read so far in this section, or {@code null} when there are none. */
    Headers fields() {
        return fields;
    }

    /** Starts a new section with a full budget; the fields read so far now belong to the caller. */
    void reset() {
        if (count > 0) {
            lastCount = count;
        }
        fields = null;
        marks = FieldMarks.NONE;
        lastMarks = FieldMarks.NONE;
        used = 0;
        count = 0;
        line.reset();
        nameEnd = -1;
    }
}
