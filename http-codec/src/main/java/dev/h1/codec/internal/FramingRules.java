package dev.h1.codec.internal;

import dev.h1.codec.EncodeError;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseFraming;

import java.util.List;

/**
 * The rules of {@link ResponseFraming#of(int, String, HttpVersion, Headers)}, which also hand the declared
 * Content-Length, read as it is checked, to a {@link DeclaredLength}: the encoder then counts the body without
 * scanning the fields a second time for the length (EncoderBenchmark FIXED_13 in http-tests: the second scan showed
 * in the profile). {@code ResponseFraming} is the public face of these rules and documents them.
 *
 * <p>Internal to h1 (this package is not exported). Stateless; any thread.
 */
public final class FramingRules {

    /** Takes the length a head declares. */
    @FunctionalInterface
    public interface DeclaredLength {

        /** Takes nothing: for a caller that asks only for the framing. */
        DeclaredLength IGNORED = length -> { };

        /**
         * Called once, with the checked Content-Length, when the head declares one (for {@link
         * ResponseFraming#FIXED_LENGTH}, and for a {@link ResponseFraming#NO_BODY} head that keeps its length).
         *
         * @param length the declared length, 0 or more
         */
        void declare(long length);
    }

    private static final String CONTENT_LENGTH = "Content-Length";
    private static final String TRANSFER_ENCODING = "Transfer-Encoding";
    /** 1*DIGIT up to 18 digits always fits a {@code long}; a longer Content-Length is refused. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private FramingRules() {
    }

    /**
     * The framing of a response, as {@link ResponseFraming#of(int, String, HttpVersion, Headers)} decides it, with
     * the declared length handed to {@code declared}.
     *
     * @param status            the status code, 100–999, checked by the caller
     * @param requestMethod     the method of the request answered
     * @param requestVersion    the version of the request answered
     * @param switchesProtocols whether the response ends HTTP on the connection (101, or 2xx to CONNECT)
     * @param headers           the response's header fields; only read
     * @param declared          takes the declared Content-Length, if any
     * @return the framing
     * @throws ResponseEncodeException if these fields cannot frame such a response
     */
    public static ResponseFraming decide(int status, String requestMethod, HttpVersion requestVersion,
                                         boolean switchesProtocols, Headers headers, DeclaredLength declared) {
        // One pass over the fields (PipelineBenchmark in http-tests: separate lookups showed in the profile).
        int lengths = 0;
        int lengthAt = -1;
        boolean hasCoding = false;
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (isField(name, CONTENT_LENGTH)) {
                lengths++;
                lengthAt = i;
            } else if (isField(name, TRANSFER_ENCODING)) {
                hasCoding = true;
            }
        }
        boolean hasLength = lengths > 0;

        // 1. RFC 9110 §8.6, RFC 9112 §6.1: a 1xx or 204 carries neither Content-Length nor Transfer-Encoding;
        //    RFC 9110 §9.3.6: nor does a 2xx answer to CONNECT, after which the connection is a tunnel.
        if (HttpStatus.isInformational(status) || status == HttpStatus.NO_CONTENT.code() || switchesProtocols) {
            if (hasLength || hasCoding) {
                throw new ResponseEncodeException(EncodeError.FRAMING_NOT_ALLOWED, "status " + status
                        + (switchesProtocols && status != HttpStatus.SWITCHING_PROTOCOLS.code() ? " to CONNECT" : "")
                        + " must not carry Content-Length or Transfer-Encoding");
            }
            return ResponseFraming.NO_BODY;
        }
        // 2. RFC 9112 §6.2: a sender must not send Content-Length together with Transfer-Encoding.
        if (hasLength && hasCoding) {
            throw new ResponseEncodeException(EncodeError.CONFLICTING_FRAMING,
                    "both Content-Length and Transfer-Encoding");
        }
        // 3. RFC 9112 §6.1: Transfer-Encoding only to HTTP/1.1 clients, with chunked applied once and last.
        if (hasCoding) {
            checkCodings(requestVersion, headers);
        }
        if (hasLength) {
            declared.declare(checkContentLength(headers, lengths, lengthAt));
        }
        // 4. RFC 9110 §9.3.2, §15.4.5: HEAD and 304 responses have no body; the length they declare (that of the
        //    body a GET would get) is kept as given.
        if ("HEAD".equals(requestMethod) || status == HttpStatus.NOT_MODIFIED.code()) {
            return ResponseFraming.NO_BODY;
        }
        // 5. RFC 9112 §6.3(6): Content-Length frames the body.
        if (hasLength) {
            return ResponseFraming.FIXED_LENGTH;
        }
        // 6. RFC 9112 §6.3(4): the head's own chunked coding frames the body.
        if (hasCoding) {
            return ResponseFraming.CHUNKED;
        }
        // 7. No length: chunked for HTTP/1.1 (RFC 9112 §7.1); HTTP/1.0 cannot decode it, so the body ends when the
        //    connection closes (RFC 9112 §6.3(8)), which the head announces (RFC 9112 §9.6).
        return requestVersion == HttpVersion.HTTP_1_1 ? ResponseFraming.CHUNKED : ResponseFraming.CLOSE_DELIMITED;
    }

    /**
     * The length that the one Content-Length field of {@code headers} declares ({@link ResponseFraming#contentLength}).
     *
     * @param headers the head's fields
     * @return the declared length
     * @throws ResponseEncodeException if there is not exactly one valid Content-Length field
     */
    public static long contentLength(Headers headers) {
        int lengths = 0;
        int lengthAt = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (isField(headers.name(i), CONTENT_LENGTH)) {
                lengths++;
                lengthAt = i;
            }
        }
        return checkContentLength(headers, lengths, lengthAt);
    }

    /** Whether {@code name} is the field {@code field} (any case), its length compared first. */
    private static boolean isField(String name, String field) {
        return name.length() == field.length() && name.equalsIgnoreCase(field);
    }

    /**
     * RFC 9110 §8.6: {@code Content-Length = 1*DIGIT}, one field ({@code count} of them were found, the last at
     * {@code index}), no list. Returns the length, read as the digits are checked (EncoderBenchmark in http-tests:
     * parsing the checked string again showed in the profile).
     */
    private static long checkContentLength(Headers headers, int count, int index) {
        if (count != 1) {
            throw new ResponseEncodeException(EncodeError.INVALID_CONTENT_LENGTH, "Content-Length must appear once");
        }
        String value = headers.value(index);
        if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS) {
            throw new ResponseEncodeException(EncodeError.INVALID_CONTENT_LENGTH, "Content-Length must have 1 to "
                    + MAX_LENGTH_DIGITS + " digits, has " + value.length() + " characters");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new ResponseEncodeException(EncodeError.INVALID_CONTENT_LENGTH,
                        "Content-Length has a non-digit at index " + i);
            }
            length = length * 10 + (c - '0'); // at most 18 digits: no overflow
        }
        return length;
    }

    /** RFC 9112 §6.1: chunked must be the final coding, applied once, and only for an HTTP/1.1 request. */
    private static void checkCodings(HttpVersion requestVersion, Headers headers) {
        if (requestVersion != HttpVersion.HTTP_1_1) {
            throw new ResponseEncodeException(EncodeError.INVALID_TRANSFER_ENCODING,
                    "Transfer-Encoding in a response to an HTTP/1.0 request");
        }
        List<String> values = headers.getAll(TRANSFER_ENCODING);
        boolean chunkedLast = false;
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                String coding = codingName(element);
                if (coding.isEmpty()) {
                    continue; // RFC 9110 §5.6.1: empty list elements do not count
                }
                if (chunkedLast) {
                    throw new ResponseEncodeException(EncodeError.INVALID_TRANSFER_ENCODING,
                            "a transfer coding follows chunked");
                }
                chunkedLast = coding.equalsIgnoreCase("chunked");
            }
        }
        if (!chunkedLast) {
            throw new ResponseEncodeException(EncodeError.INVALID_TRANSFER_ENCODING,
                    "the final transfer coding must be chunked");
        }
    }

    /** The coding name of one list element: before any {@code ;} parameter, without whitespace. */
    private static String codingName(String element) {
        int semicolon = element.indexOf(';');
        return (semicolon < 0 ? element : element.substring(0, semicolon)).strip();
    }
}
