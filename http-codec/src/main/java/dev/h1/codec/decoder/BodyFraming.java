package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.FieldText;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.Leniency;
import dev.h1.codec.ParseError;

/**
 * How the body of a request is delimited: the one pure function that applies RFC 9112 §6 to a request head. It has
 * no channel and no state, so every rule is tested as a table ({@code BodyFramingTableTest}).
 */
sealed interface BodyFraming {

    /** No body. */
    BodyFraming NONE = new None();
    /** A chunked body (RFC 9112 §7.1). */
    BodyFraming CHUNKED = new Chunked();

    record None() implements BodyFraming {
    }

    record Chunked() implements BodyFraming {
    }

    /** A Content-Length value that is not {@code 1*DIGIT} (or not a list of identical ones, where allowed). */
    Invalid MALFORMED_LENGTH = new Invalid(ParseError.BAD_CONTENT_LENGTH, "Content-Length is not 1*DIGIT");
    /** A second Content-Length value equal to the first, without {@link Leniency#IDENTICAL_CONTENT_LENGTHS}. */
    Invalid REPEATED_LENGTH = new Invalid(ParseError.BAD_CONTENT_LENGTH, "Content-Length repeated");
    /** A second Content-Length value different from the first: never allowed. */
    Invalid DIFFERING_LENGTHS = new Invalid(ParseError.BAD_CONTENT_LENGTH, "differing Content-Length values");

    /** A body of exactly {@code length} bytes. */
    record Fixed(long length) implements BodyFraming {
    }

    /** The framing fields are invalid: the request is rejected with {@code error}. */
    record Invalid(ParseError error, String detail) implements BodyFraming {
    }

    /**
     * Decides the framing of a request from its version, method and header fields, under the body limit and the
     * leniencies of {@code config}: a declared Content-Length above {@link DecoderConfig#maxBodyBytes()} is
     * {@link ParseError#CONTENT_TOO_LARGE}.
     */
    static BodyFraming of(HttpVersion version, String method, Headers headers, DecoderConfig config) {
        return of(version, method, headers, FieldMarks.of(headers), config);
    }

    /**
     * As {@link #of(HttpVersion, String, Headers, DecoderConfig)}, where {@code marks} are the fields'
     * {@link FieldMarks}.
     */
    static BodyFraming of(HttpVersion version, String method, Headers headers, int marks, DecoderConfig config) {
        boolean hasTransferEncoding = FieldMarks.has(marks, FieldMarks.TRANSFER_ENCODING);
        boolean hasContentLength = FieldMarks.has(marks, FieldMarks.CONTENT_LENGTH);
        BodyFraming framing;
        if (hasTransferEncoding) {
            // RFC 9112 §6.3(3): Transfer-Encoding and Content-Length together may be an attempt at request
            // smuggling; a server MAY reject it, and must close the connection after answering: we reject.
            if (hasContentLength) {
                return new Invalid(ParseError.CONFLICTING_FRAMING, "Transfer-Encoding with Content-Length");
            }
            // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding is to be treated as having faulty framing.
            if (version == HttpVersion.HTTP_1_0) {
                return new Invalid(ParseError.CONFLICTING_FRAMING, "Transfer-Encoding in an HTTP/1.0 request");
            }
            framing = transferCodings(headers);
        } else if (hasContentLength) {
            // A CONNECT body is never read (below), so its declared length cannot exceed the body limit.
            long maxBodyBytes = "CONNECT".equals(method) ? Long.MAX_VALUE : config.maxBodyBytes();
            framing = contentLength(headers, config, maxBodyBytes);
        } else {
            // RFC 9112 §6.3(7): a request with neither has no body.
            framing = NONE;
        }
        // RFC 9110 §9.3.6: CONNECT request content has no defined semantics; the connection becomes a tunnel right
        // after the head, so any declared body belongs to the tunnel.
        if (!(framing instanceof Invalid) && "CONNECT".equals(method)) {
            return NONE;
        }
        return framing;
    }

    /**
     * RFC 9112 §6.1 and §6.3(4): the codings of every Transfer-Encoding field, in order, form one list; chunked must
     * be last and appear once; any other coding is one h1 does not decode.
     */
    private static BodyFraming transferCodings(Headers headers) {
        boolean sawChunked = false;
        boolean sawOther = false;
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equalsIgnoreCase("Transfer-Encoding")) {
                continue;
            }
            String list = headers.value(i);
            int start = 0;
            while (start <= list.length()) {
                int comma = list.indexOf(',', start);
                int end = comma < 0 ? list.length() : comma;
                int semicolon = list.indexOf(';', start);
                int nameEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
                int from = skipOws(list, start, nameEnd);
                int to = trimOws(list, from, nameEnd);
                if (from < to || nameEnd < end) { // RFC 9110 §5.6.1: empty list elements are ignored
                    if (!FieldText.isToken(list, from, to)) {
                        return new Invalid(ParseError.BAD_TRANSFER_ENCODING, "transfer coding is not a token");
                    }
                    if (sawChunked) {
                        return new Invalid(ParseError.BAD_TRANSFER_ENCODING, "chunked is not the final coding");
                    }
                    if (list.regionMatches(true, from, "chunked", 0, 7) && to - from == 7) {
                        if (nameEnd < end) {
                            return new Invalid(ParseError.BAD_TRANSFER_ENCODING, "chunked takes no parameters");
                        }
                        sawChunked = true;
                    } else {
                        sawOther = true;
                    }
                }
                if (comma < 0) {
                    break;
                }
                start = comma + 1;
            }
        }
        if (!sawChunked) {
            // RFC 9112 §6.3(4): chunked is not the final coding (or there is none): the length cannot be known.
            return new Invalid(ParseError.BAD_TRANSFER_ENCODING, "final transfer coding is not chunked");
        }
        if (sawOther) {
            // RFC 9112 §6.1: a server SHOULD answer 501 to a transfer coding it does not understand.
            return new Invalid(ParseError.UNSUPPORTED_TRANSFER_CODING, "transfer coding other than chunked");
        }
        return CHUNKED;
    }

    /** RFC 9112 §6.3(5) and RFC 9110 §8.6: one Content-Length of 1*DIGIT, or identical ones where allowed. */
    private static BodyFraming contentLength(Headers headers, DecoderConfig config, long maxBodyBytes) {
        long length = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equalsIgnoreCase("Content-Length")) {
                continue;
            }
            long value = parseContentLength(headers.value(i), config);
            Invalid invalid = checkContentLength(length, value, config);
            if (invalid != null) {
                return invalid;
            }
            length = value;
        }
        if (length > maxBodyBytes) {
            return new Invalid(ParseError.CONTENT_TOO_LARGE, "declared body exceeds the limit");
        }
        return new Fixed(length);
    }

    /**
     * Why a Content-Length field whose value parsed as {@code value} (-1: malformed) cannot follow the fields before
     * it, which declared {@code declared} bytes (-1: there were none); or {@code null} when it can. RFC 9110 §8.6
     * lets a recipient accept a repeated identical value; h1 does so only with
     * {@link Leniency#IDENTICAL_CONTENT_LENGTHS}. Differing values are always an error (RFC 9112 §6.3(5)).
     */
    static Invalid checkContentLength(long declared, long value, DecoderConfig config) {
        if (value < 0) {
            return MALFORMED_LENGTH;
        }
        if (declared < 0) {
            return null;
        }
        if (value != declared) {
            return DIFFERING_LENGTHS;
        }
        return config.allows(Leniency.IDENTICAL_CONTENT_LENGTHS) ? null : REPEATED_LENGTH;
    }

    /**
     * Parses a Content-Length field value: {@code 1*DIGIT}; with {@link Leniency#IDENTICAL_CONTENT_LENGTHS} also a
     * comma-separated list of identical such values, as one value (RFC 9110 §8.6). Returns -1 for anything else,
     * including a value above {@link Long#MAX_VALUE}; a differing list is -1 either way.
     */
    static long parseContentLength(String value, DecoderConfig config) {
        if (!config.allows(Leniency.IDENTICAL_CONTENT_LENGTHS)) {
            return parseDigits(value, 0, value.length());
        }
        long result = -1;
        int start = 0;
        while (true) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            int from = skipOws(value, start, end);
            int to = trimOws(value, from, end);
            long element = parseDigits(value, from, to);
            if (element < 0 || (result >= 0 && element != result)) {
                return -1;
            }
            result = element;
            if (comma < 0) {
                return result;
            }
            start = comma + 1;
        }
    }

    private static long parseDigits(String text, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int skipOws(String text, int from, int to) {
        while (from < to && FieldText.isOws(text.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimOws(String text, int from, int to) {
        while (to > from && FieldText.isOws(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }
}
