package dev.h1.codec;

import java.util.List;
import java.util.Objects;

/**
 * How the body of a response is delimited on the wire (RFC 9112 §6), decided from its status, its header fields and
 * the request it answers. {@link #of(ResponseHead)} is the one pure function that decides it: the
 * {@link dev.h1.codec.encoder.ResponseEncoder} frames every head with it, and a server calls it before writing a head
 * to learn what the encoder will do: whether a body may follow ({@link #allowsBody()}), whether trailers can be sent
 * ({@link #allowsTrailers()}) and whether the connection must close after the response ({@link #closesConnection()}).
 *
 * <pre>
 * ResponseFraming framing = ResponseFraming.of(head); // before ctx.write(head)
 * if (!framing.allowsTrailers()) {
 *     // send the response without trailers
 * }
 * </pre>
 *
 * <p>A head that cannot be framed (for example Content-Length with Transfer-Encoding) makes {@code of} throw the
 * {@link ResponseEncodeException} with which the encoder would refuse to write it. The function has no state and may
 * be called from any thread; the constants are immutable and hold no buffer.
 */
public enum ResponseFraming {

    /**
     * The response has no body, whatever its fields say (RFC 9112 §6.3(1)): it answers HEAD (RFC 9110 §9.3.2), is a
     * 1xx, 204 or 304 (RFC 9110 §15.3.5, §15.4.5), or is a 101 or 2xx to CONNECT, after which the connection speaks
     * another protocol (RFC 9110 §9.3.6, §15.2.2). The sender writes no content and no trailers; an answer to HEAD
     * or a 304 may keep the Content-Length the body would have had.
     */
    NO_BODY,

    /**
     * The head's Content-Length frames the body (RFC 9112 §6.3(6)). The sender writes exactly that many bytes: more
     * would be read as the next response, so the encoder refuses them and closes the connection (RFC 9112 §6.2);
     * ending short leaves the message incomplete, so the encoder closes the connection (RFC 9112 §8). No trailers.
     */
    FIXED_LENGTH,

    /**
     * The chunked transfer coding frames the body (RFC 9112 §7.1): the head's own Transfer-Encoding ends in chunked,
     * or a response to an HTTP/1.1 request declares no length, and the encoder adds
     * {@code Transfer-Encoding: chunked}. The sender writes any amount of content, then may send trailer fields
     * (RFC 9112 §7.1.2); the connection may stay open.
     */
    CHUNKED,

    /**
     * The body ends when the connection closes (RFC 9112 §6.3(8)): a response to an HTTP/1.0 request, which cannot
     * decode chunked (RFC 9112 §6.1), declares no length. The sender writes any amount of content and must close
     * the connection after the body, which the head announces with {@code Connection: close} (RFC 9112 §9.6; the
     * encoder adds it when missing). No trailers.
     */
    CLOSE_DELIMITED;

    private static final String CONTENT_LENGTH = "Content-Length";
    private static final String TRANSFER_ENCODING = "Transfer-Encoding";
    /** 1*DIGIT up to 18 digits always fits a {@code long}; a longer Content-Length is refused. */
    private static final int MAX_LENGTH_DIGITS = 18;

    /**
     * The framing of the body that follows {@code head}.
     *
     * @param head the head about to be written
     * @return the framing
     * @throws ResponseEncodeException if the head cannot be framed; {@link ResponseEncodeException#error()} says why
     */
    public static ResponseFraming of(ResponseHead head) {
        return of(head.status(), head.requestMethod(), head.requestVersion(), head.headers());
    }

    /**
     * The framing of the body of a response with {@code status} and {@code headers} that answers a request with
     * {@code requestMethod} and {@code requestVersion}; the same decision as {@link #of(ResponseHead)}, before a
     * head is built.
     *
     * @param status         the status code, 100–999
     * @param requestMethod  the method of the request answered (case-sensitive, RFC 9110 §9.1)
     * @param requestVersion the version of the request answered
     * @param headers        the response's header fields; only read
     * @return the framing
     * @throws ResponseEncodeException  if these fields cannot frame such a response;
     *                                  {@link ResponseEncodeException#error()} says why
     * @throws IllegalArgumentException if {@code status} is outside 100–999
     */
    public static ResponseFraming of(int status, String requestMethod, HttpVersion requestVersion, Headers headers) {
        if (status < HttpStatus.MIN_CODE || status > HttpStatus.MAX_CODE) {
            throw new IllegalArgumentException("status must be three digits, 100-999: " + status);
        }
        Objects.requireNonNull(requestMethod, "requestMethod");
        Objects.requireNonNull(requestVersion, "requestVersion");
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
        boolean switchesProtocols = ResponseHead.switchesProtocols(status, requestMethod);

        // 1. RFC 9110 §8.6, RFC 9112 §6.1: a 1xx or 204 carries neither Content-Length nor Transfer-Encoding;
        //    RFC 9110 §9.3.6: nor does a 2xx answer to CONNECT, after which the connection is a tunnel.
        if (HttpStatus.isInformational(status) || status == HttpStatus.NO_CONTENT.code() || switchesProtocols) {
            if (hasLength || hasCoding) {
                throw new ResponseEncodeException(EncodeError.FRAMING_NOT_ALLOWED, "status " + status
                        + (switchesProtocols && status != HttpStatus.SWITCHING_PROTOCOLS.code() ? " to CONNECT" : "")
                        + " must not carry Content-Length or Transfer-Encoding");
            }
            return NO_BODY;
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
            checkContentLength(headers, lengths, lengthAt);
        }
        // 4. RFC 9110 §9.3.2, §15.4.5: HEAD and 304 responses have no body; the length they declare (that of the
        //    body a GET would get) is kept as given.
        if ("HEAD".equals(requestMethod) || status == HttpStatus.NOT_MODIFIED.code()) {
            return NO_BODY;
        }
        // 5. RFC 9112 §6.3(6): Content-Length frames the body.
        if (hasLength) {
            return FIXED_LENGTH;
        }
        // 6. RFC 9112 §6.3(4): the head's own chunked coding frames the body.
        if (hasCoding) {
            return CHUNKED;
        }
        // 7. No length: chunked for HTTP/1.1 (RFC 9112 §7.1); HTTP/1.0 cannot decode it, so the body ends when the
        //    connection closes (RFC 9112 §6.3(8)), which the head announces (RFC 9112 §9.6).
        return requestVersion == HttpVersion.HTTP_1_1 ? CHUNKED : CLOSE_DELIMITED;
    }

    /**
     * Whether content may follow the head.
     *
     * @return true for every framing but {@link #NO_BODY}
     */
    public boolean allowsBody() {
        return this != NO_BODY;
    }

    /**
     * Whether trailer fields can be sent after the body (RFC 9112 §7.1.2).
     *
     * @return true only for {@link #CHUNKED}
     */
    public boolean allowsTrailers() {
        return this == CHUNKED;
    }

    /**
     * Whether the connection must close after the body (RFC 9112 §6.3(8), §9.6).
     *
     * @return true only for {@link #CLOSE_DELIMITED}
     */
    public boolean closesConnection() {
        return this == CLOSE_DELIMITED;
    }

    /**
     * The length that the Content-Length field of a head declares: one field of 1 to 18 digits, as {@link #of} accepts
     * it for {@link #FIXED_LENGTH} (or for {@link #NO_BODY}, which keeps a declared length).
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
