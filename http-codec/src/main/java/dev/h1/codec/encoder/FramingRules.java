package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseHead;

import java.util.List;

/**
 * Decides how a response's body is framed, once per head, from its status, its fields and the request it answers.
 * A pure function: it reads the head and throws {@link ResponseEncodeException} for a head that cannot be framed.
 */
final class FramingRules {

    static final String CONTENT_LENGTH = "Content-Length";
    static final String TRANSFER_ENCODING = "Transfer-Encoding";

    /** 1*DIGIT up to 18 digits always fits a {@code long}; a longer Content-Length is refused. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private FramingRules() {
    }

    /** The framing of the body that follows {@code head}; a new encoder per call when it counts bytes. */
    static BodyEncoder decide(ResponseHead head) {
        Headers fields = head.headers();
        boolean hasLength = fields.contains(CONTENT_LENGTH);
        boolean hasCoding = fields.contains(TRANSFER_ENCODING);
        int status = head.status();

        // 1. RFC 9110 §8.6, RFC 9112 §6.1: a 1xx or 204 carries neither Content-Length nor Transfer-Encoding;
        //    RFC 9110 §9.3.6: nor does a 2xx answer to CONNECT, after which the connection is a tunnel.
        if (status < 200 || status == 204 || head.switchesProtocols()) {
            if (hasLength || hasCoding) {
                throw new ResponseEncodeException(EncodeError.FRAMING_NOT_ALLOWED, "status " + status
                        + (head.switchesProtocols() && status != 101 ? " to CONNECT" : "")
                        + " must not carry Content-Length or Transfer-Encoding");
            }
            return NoBody.INSTANCE;
        }
        // 2. RFC 9112 §6.2: a sender must not send Content-Length together with Transfer-Encoding.
        if (hasLength && hasCoding) {
            throw new ResponseEncodeException(EncodeError.CONFLICTING_FRAMING,
                    "both Content-Length and Transfer-Encoding");
        }
        // 3. RFC 9112 §6.1: Transfer-Encoding only to HTTP/1.1 clients, with chunked applied once and last.
        if (hasCoding) {
            checkCodings(head);
        }
        long length = hasLength ? contentLength(fields) : -1;
        // 4. RFC 9110 §9.3.2, §15.4.5: HEAD and 304 responses have no body; the length they declare (that of the
        //    body a GET would get) is kept as given.
        if (head.answersHead() || status == 304) {
            return NoBody.INSTANCE;
        }
        // 5. RFC 9112 §6.3(6): Content-Length frames the body.
        if (length >= 0) {
            return new FixedLength(length);
        }
        // 6. RFC 9112 §6.3(4): the head's own chunked coding frames the body.
        if (hasCoding) {
            return Chunked.GIVEN;
        }
        // 7. No length: chunked for HTTP/1.1 (RFC 9112 §7.1); HTTP/1.0 cannot decode it, so the body ends when the
        //    connection closes (RFC 9112 §6.3(8)), which the head announces (RFC 9112 §9.6).
        if (head.requestVersion() == HttpVersion.HTTP_1_1) {
            return Chunked.ANNOUNCED;
        }
        return fields.containsToken("Connection", "close") ? CloseDelimited.GIVEN : CloseDelimited.ANNOUNCED;
    }

    /** RFC 9110 §8.6: {@code Content-Length = 1*DIGIT}, one field, no list. */
    private static long contentLength(Headers fields) {
        if (fields.count(CONTENT_LENGTH) != 1) {
            throw new ResponseEncodeException(EncodeError.INVALID_CONTENT_LENGTH, "Content-Length must appear once");
        }
        String value = fields.get(CONTENT_LENGTH);
        if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS) {
            throw new ResponseEncodeException(EncodeError.INVALID_CONTENT_LENGTH,
                    "Content-Length must have 1 to " + MAX_LENGTH_DIGITS + " digits, has " + value.length() + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new ResponseEncodeException(EncodeError.INVALID_CONTENT_LENGTH,
                        "Content-Length has a non-digit at index " + i);
            }
        }
        return Long.parseLong(value);
    }

    /** RFC 9112 §6.1: chunked must be the final coding, applied once, and only for an HTTP/1.1 request. */
    private static void checkCodings(ResponseHead head) {
        if (head.requestVersion() != HttpVersion.HTTP_1_1) {
            throw new ResponseEncodeException(EncodeError.INVALID_TRANSFER_ENCODING,
                    "Transfer-Encoding in a response to an HTTP/1.0 request");
        }
        List<String> values = head.headers().getAll(TRANSFER_ENCODING);
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
