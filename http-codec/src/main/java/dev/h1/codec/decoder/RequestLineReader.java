package dev.h1.codec.decoder;

import dev.h1.codec.FieldText;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ParseError;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;


/**
 * Reads {@code request-line = method SP request-target SP HTTP-version CRLF} (RFC 9112 §3), validating each byte
 * once as it arrives: a violation is reported as soon as its byte is seen, without waiting for the line end, and a
 * line is never buffered beyond its budget. Nothing is consumed until the whole line is there; progress is kept as
 * offsets relative to the reader index, which survive the decoder's cumulation. A line that repeats the connection's
 * previous request line byte for byte is taken with what was decoded from it then ({@link RecentLines}), and a valid
 * HTTP/1.1 line already whole in the copy of the input is read in one pass; the step-by-step reading judges the rest.
 */
final class RequestLineReader {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};
    /** {@code "HTTP/" DIGIT "." DIGIT CRLF}: how the request line ends. */
    private static final int VERSION_AND_CRLF = 10;
    private static final byte[] HTTP_1_1_CRLF = "HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    /** {@code SP "HTTP/" DIGIT "." DIGIT}: what follows the request-target. */
    private static final int SP_AND_VERSION = 9;
    /** The shortest target and version after a method: {@code SP "/" SP "HTTP/1.1"}. */
    private static final int SHORTEST_REST = 11;
    /** What {@link #versionStart} returns when the line may go on past the bytes copied so far. */
    private static final int PAST_COPY = -2;

    private static final ParseFailure METHOD_TOO_LONG =
            ParseFailure.of(ParseError.BAD_REQUEST_LINE, "method makes the request line too long");
    private static final ParseFailure TARGET_TOO_LONG =
            ParseFailure.of(ParseError.URI_TOO_LONG, "request-target makes the request line too long");

    private static final LineScanner.ByteClass TCHARS = FieldText::skipTchars;
    private static final LineScanner.ByteClass TARGET_CHARS = UriChars::skipTarget;

    private final int maxBytes;
    private final HeadBytes head;
    /** The connection's previous request line, with its method, target and version. */
    private final RecentLines<RequestLine> recent = new RecentLines<>(1);
    /** The scan of the line; its position is where the next byte to check is, relative to the reader index. */
    private final LineScanner line;

    private int methodEnd = -1;
    private int targetEnd = -1;

    private String method;
    private String target;
    private HttpVersion version;

    RequestLineReader(int maxBytes, HeadBytes head) {
        this.maxBytes = maxBytes;
        this.head = head;
        this.line = new LineScanner(LineScanner.Place.REQUEST_LINE, head, HeadBytes.HEAD_STEP);
    }

    /** Reads what has arrived; returns true once a whole request line was consumed (then read the results). */
    boolean read(ByteBuf in) {
        if (!line.isStarted()) {
            if (!skipEmptyLines(in)) {
                return false;
            }
            // The two one-pass readers look at the same window of the same copy, made once.
            int window = (int) Math.min(in.readableBytes(), maxBytes + 2L);
            int copied = head.copyAtLeast(in, recent.wanted(0), window);
            if (readRepeatedLine(in, copied) || readWholeLine(in, copied, window)) {
                return true;
            }
        }
        if (methodEnd < 0 && !readMethod(in)) {
            return false;
        }
        if (targetEnd < 0 && !readTarget(in)) {
            return false;
        }
        return readVersion(in);
    }

    /**
     * RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF) received before the request-line. Any
     * number is skipped (each is consumed, so nothing accumulates); a bare CR or LF is an error.
     */
    private boolean skipEmptyLines(ByteBuf in) {
        while (in.isReadable()) {
            byte first = head.get(in, 0);
            if (first != CR && first != LF) {
                return true;
            }
            if (!line.skipCrlf(in)) {
                return false;
            }
        }
        return false;
    }

    /** RFC 9110 §9.1: {@code method = token}, followed by exactly one SP. */
    private boolean readMethod(ByteBuf in) {
        int stop = line.scan(in, TCHARS, maxBytes - SHORTEST_REST, METHOD_TOO_LONG);
        if (stop == LineScanner.NEED_MORE) {
            return false;
        }
        byte b = head.get(in, stop);
        if (stop == 0) {
            throw ParseFailure.of(ParseError.BAD_REQUEST_LINE, "request line does not start with a method");
        }
        if (b != SP) {
            throw b == CR || b == LF
                    ? ParseFailure.of(ParseError.BAD_REQUEST_LINE, "request line has no request-target")
                    : ParseFailure.of(ParseError.BAD_METHOD, "method is not a token");
        }
        if (stop > maxBytes - SHORTEST_REST) {
            throw METHOD_TOO_LONG;
        }
        methodEnd = stop;
        line.resumeAt(stop + 1);
        return true;
    }

    /** RFC 9112 §3.2: the request-target, followed by exactly one SP; its bytes as {@link UriChars#skipTarget}. */
    private boolean readTarget(ByteBuf in) {
        int stop = line.scan(in, TARGET_CHARS, maxBytes - SP_AND_VERSION, TARGET_TOO_LONG);
        if (stop == LineScanner.NEED_MORE) {
            return false;
        }
        byte b = head.get(in, stop);
        if (b != SP) {
            throw b == CR || b == LF
                    ? ParseFailure.of(ParseError.BAD_REQUEST_LINE, "request line has no HTTP-version")
                    : ParseFailure.of(ParseError.BAD_TARGET, "character not allowed in a request-target");
        }
        if (stop == methodEnd + 1) {
            throw ParseFailure.of(ParseError.BAD_REQUEST_LINE, "empty request-target or extra space");
        }
        if (stop > maxBytes - SP_AND_VERSION) {
            throw TARGET_TOO_LONG;
        }
        targetEnd = stop;
        line.resumeAt(stop + 1);
        return true;
    }

    /**
     * RFC 9112 §2.3: {@code HTTP-version = "HTTP/" DIGIT "." DIGIT}, then CRLF. Checked byte by byte as it arrives;
     * the usual {@code HTTP/1.1} CRLF, arrived whole, in one comparison of two words ({@link ByteWords}, as in
     * {@link KnownStrings}, whose javadoc has the {@code DecoderBenchmark} figures).
     */
    private boolean readVersion(ByteBuf in) {
        int versionStart = targetEnd + 1;
        int available = Math.min(in.readableBytes() - versionStart, VERSION_AND_CRLF);
        int checked = line.position() - versionStart;
        if (checked < available) {
            head.copyPast(in, versionStart + available - 1, versionStart + available, VERSION_AND_CRLF);
        }
        byte[] bytes = head.array();
        int start = head.offset();
        int versionAt = start + versionStart;
        if (checked > 0 || available < VERSION_AND_CRLF
                || !ByteWords.equals(bytes, versionAt, HTTP_1_1_CRLF, 0, VERSION_AND_CRLF)) {
            byte major = available > 5 ? bytes[versionAt + 5] : 0;
            for (int k = checked; k < available; k++) {
                checkVersionByte(k, bytes[versionAt + k], major);
            }
        }
        line.resumeAt(versionStart + available);
        if (available < VERSION_AND_CRLF) {
            return false;
        }
        complete(in, bytes, start, versionAt);
        return true;
    }

    /**
     * Reads the line if it repeats the connection's previous request line byte for byte (a pipelining client's, a
     * browser's reload), which was decoded and checked then: {@link RecentLines}. {@code copied}: how many bytes of
     * the line's window the copy holds.
     */
    private boolean readRepeatedLine(ByteBuf in, int copied) {
        int length = recent.match(0, head.array(), head.offset(), copied);
        if (length < 0) {
            return false;
        }
        RequestLine repeated = recent.decoded(0);
        method = repeated.method();
        target = repeated.target();
        version = repeated.version();
        head.skip(in, length + 2);
        return true;
    }

    /**
     * The common case in one pass: when a whole request line that ends in "HTTP/1.1" CRLF and keeps within the limits
     * is in the first {@code copied} bytes of the copy (or in one more step of it, up to {@code window}), reads it and
     * returns true; otherwise returns false and changes nothing, and the incremental path reads or judges the line as
     * it would have. Both scan with the same byte classes and limits, so the result does not depend on how the input
     * was split. {@code DecoderBenchmark} (http-tests): see
     * {@code FieldSectionReader.wholeLineEnd}, the same change for field lines.
     */
    private boolean readWholeLine(ByteBuf in, int copied, int window) {
        if (window < SHORTEST_REST + 1) {
            return false;
        }
        int versionStart = versionStart(copied);
        if (versionStart == PAST_COPY && copied < window) {
            // A line across the end of the copy is scanned again once one more step is copied, only once.
            versionStart = versionStart(head.copyPast(in, copied, window, HeadBytes.HEAD_STEP));
        }
        if (versionStart < 0) {
            return false;
        }
        complete(in, head.array(), head.offset(), head.offset() + versionStart);
        return true;
    }

    /**
     * For {@link #readWholeLine}: the relative index of "HTTP/1.1" CRLF after a valid method and target within the
     * limits, all in the first {@code copied} bytes of the copy, with {@link #methodEnd} and {@link #targetEnd} set;
     * {@link #PAST_COPY} when the line may go on past them; -1 when the incremental path must judge it.
     */
    private int versionStart(int copied) {
        byte[] bytes = head.array();
        int start = head.offset();
        int limit = start + copied;
        int space = FieldText.skipTchars(bytes, start, limit);
        if (space >= limit) {
            return PAST_COPY;
        }
        if (space == start || bytes[space] != SP || space - start > maxBytes - SHORTEST_REST) {
            return -1;
        }
        int targetFrom = space + 1;
        int end = UriChars.skipTarget(bytes, targetFrom, limit);
        if (end >= limit) {
            return PAST_COPY;
        }
        if (end == targetFrom || bytes[end] != SP || end - start > maxBytes - SP_AND_VERSION) {
            return -1;
        }
        int versionAt = end + 1;
        if (limit - versionAt < VERSION_AND_CRLF) {
            return PAST_COPY;
        }
        if (!ByteWords.equals(bytes, versionAt, HTTP_1_1_CRLF, 0, VERSION_AND_CRLF)) {
            return -1;
        }
        methodEnd = space - start;
        targetEnd = end - start;
        return versionAt - start;
    }

    /** Makes the line's strings and consumes it; its version with CRLF is at array index {@code versionAt}. */
    private void complete(ByteBuf in, byte[] bytes, int start, int versionAt) {
        int versionStart = targetEnd + 1;
        method = KnownStrings.METHODS.toString(bytes, start, methodEnd);
        int targetAt = start + methodEnd + 1;
        int targetLength = targetEnd - methodEnd - 1;
        target = KnownStrings.TARGETS.toString(bytes, targetAt, targetLength);
        version = bytes[versionAt + 7] == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        head.skip(in, versionStart + VERSION_AND_CRLF);
        RequestTarget.check(method, target);
        int length = versionStart + VERSION_AND_CRLF - 2;
        if (recent.keeps(0, length)) {
            recent.remember(0, bytes, start, length, new RequestLine(method, target, version));
        }
    }

    /** What a request line decoded to. */
    private record RequestLine(String method, String target, HttpVersion version) {
    }

    /** Checks byte {@code k} of the version and its CRLF; {@code major} is byte 5, once it has arrived. */
    private static void checkVersionByte(int k, byte b, byte major) {
        boolean ok = switch (k) {
            case 0, 1, 2, 3, 4 -> b == HTTP_SLASH[k];
            case 5, 7 -> b >= '0' && b <= '9';
            case 6 -> b == '.';
            case 8 -> b == CR;
            default -> b == LF;
        };
        if (!ok) {
            throw k == 9 || b == LF
                    ? ParseFailure.of(ParseError.BAD_LINE_ENDING, "request line does not end in CRLF")
                    : ParseFailure.of(ParseError.BAD_VERSION, "HTTP-version is not HTTP/DIGIT.DIGIT");
        }
        // RFC 9110 §15.6.6 / RFC 9112 §2.3: only major version 1 is ours; 1.x with x > 1 is processed as 1.1.
        if (k == 7 && major != '1') {
            throw ParseFailure.of(ParseError.VERSION_NOT_SUPPORTED, "HTTP major version is not 1");
        }
    }

    String method() {
        return method;
    }

    String target() {
        return target;
    }

    HttpVersion version() {
        return version;
    }

    /** Whether part of a request line has been seen (used to tell a clean end of input from a truncated one). */
    boolean isStarted() {
        return line.isStarted();
    }

    void reset() {
        line.reset();
        methodEnd = -1;
        targetEnd = -1;
        method = null;
        target = null;
        version = null;
    }
}
