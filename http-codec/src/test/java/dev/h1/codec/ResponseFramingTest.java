package dev.h1.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.h1.codec.HttpVersion.HTTP_1_0;
import static dev.h1.codec.HttpVersion.HTTP_1_1;
import static dev.h1.codec.ResponseFraming.CHUNKED;
import static dev.h1.codec.ResponseFraming.CLOSE_DELIMITED;
import static dev.h1.codec.ResponseFraming.FIXED_LENGTH;
import static dev.h1.codec.ResponseFraming.NO_BODY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link ResponseFraming#of} as a channel-free truth table: method, request version, status and fields in, a
 * framing or the {@link EncodeError} of the refusal out. Each row cites the rule it checks.
 */
class ResponseFramingTest {

    private static final String[] NONE = new String[0];
    private static final EncodeError BAD_LENGTH = EncodeError.INVALID_CONTENT_LENGTH;

    private static String[] fields(String... nameValuePairs) {
        return nameValuePairs;
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // 0-3: 1xx, 204, 2xx to CONNECT: no body, no framing fields (RFC 9110 §8.6, §9.3.6; RFC 9112 §6.1)
                /* 0 */ arguments("GET", HTTP_1_1, 101, NONE, NO_BODY),
                /* 1 */ arguments("GET", HTTP_1_1, 204, NONE, NO_BODY),
                /* 2 */ arguments("CONNECT", HTTP_1_1, 200, NONE, NO_BODY),
                /* 3 */ arguments("GET", HTTP_1_1, 204, fields("Content-Length", "0"), EncodeError.FRAMING_NOT_ALLOWED),
                // 4-5: framing fields on 101 and CONNECT 2xx
                /* 4 */ arguments("GET", HTTP_1_1, 101, fields("Transfer-Encoding", "chunked"),
                        EncodeError.FRAMING_NOT_ALLOWED),
                /* 5 */ arguments("CONNECT", HTTP_1_1, 200, fields("Content-Length", "0"),
                        EncodeError.FRAMING_NOT_ALLOWED),
                // 6: a failed CONNECT is an ordinary response
                /* 6 */ arguments("CONNECT", HTTP_1_1, 407, NONE, CHUNKED),
                // 7-8: HEAD and 304 have no body but keep a given length (RFC 9110 §9.3.2, §15.4.5)
                /* 7 */ arguments("HEAD", HTTP_1_1, 200, fields("Content-Length", "42"), NO_BODY),
                /* 8 */ arguments("GET", HTTP_1_1, 304, fields("Content-Length", "42"), NO_BODY),
                // 9: a HEAD response's length is still checked
                /* 9 */ arguments("HEAD", HTTP_1_1, 200, fields("Content-Length", "4x"),
                        EncodeError.INVALID_CONTENT_LENGTH),
                // 10-11: Content-Length frames the body in both versions (RFC 9112 §6.3(6))
                /* 10 */ arguments("GET", HTTP_1_1, 200, fields("Content-Length", "42"), FIXED_LENGTH),
                /* 11 */ arguments("POST", HTTP_1_0, 201, fields("content-length", "0"), FIXED_LENGTH),
                // 12-17: Content-Length syntax (RFC 9110 §8.6)
                /* 12 */ arguments("GET", HTTP_1_1, 200, fields("Content-Length", ""), BAD_LENGTH),
                /* 13 */ arguments("GET", HTTP_1_1, 200, fields("Content-Length", "-1"), BAD_LENGTH),
                /* 14 */ arguments("GET", HTTP_1_1, 200, fields("Content-Length", "1,1"), BAD_LENGTH),
                /* 15 */ arguments("GET", HTTP_1_1, 200, fields("Content-Length", "1", "Content-Length", "1"),
                        EncodeError.INVALID_CONTENT_LENGTH),
                /* 16 */ arguments("GET", HTTP_1_1, 200, fields("Content-Length", "9".repeat(19)),
                        EncodeError.INVALID_CONTENT_LENGTH),
                /* 17 */ arguments("GET", HTTP_1_1, 200, fields("Content-Length", "9".repeat(18)), FIXED_LENGTH),
                // 18: both length and coding (RFC 9112 §6.2)
                /* 18 */ arguments("GET", HTTP_1_1, 200, fields("Content-Length", "1", "Transfer-Encoding", "chunked"),
                        EncodeError.CONFLICTING_FRAMING),
                // 19-24: a given Transfer-Encoding (RFC 9112 §6.1)
                /* 19 */ arguments("GET", HTTP_1_1, 200, fields("Transfer-Encoding", "chunked"), CHUNKED),
                /* 20 */ arguments("GET", HTTP_1_1, 200,
                        fields("Transfer-Encoding", "gzip", "Transfer-Encoding", "Chunked"), CHUNKED),
                /* 21 */ arguments("GET", HTTP_1_1, 200, fields("Transfer-Encoding", "gzip"),
                        EncodeError.INVALID_TRANSFER_ENCODING),
                /* 22 */ arguments("GET", HTTP_1_1, 200, fields("Transfer-Encoding", "chunked, gzip"),
                        EncodeError.INVALID_TRANSFER_ENCODING),
                /* 23 */ arguments("GET", HTTP_1_1, 200, fields("Transfer-Encoding", "chunked, chunked"),
                        EncodeError.INVALID_TRANSFER_ENCODING),
                /* 24 */ arguments("GET", HTTP_1_0, 200, fields("Transfer-Encoding", "chunked"),
                        EncodeError.INVALID_TRANSFER_ENCODING),
                // 25-27: no length: chunked for HTTP/1.1, close-delimited for HTTP/1.0 (RFC 9112 §7.1, §6.3(8))
                /* 25 */ arguments("GET", HTTP_1_1, 200, NONE, CHUNKED),
                /* 26 */ arguments("GET", HTTP_1_0, 200, NONE, CLOSE_DELIMITED),
                /* 27 */ arguments("GET", HTTP_1_0, 500, fields("Connection", "Close"), CLOSE_DELIMITED),
                // 28: a 205 is framed like any response; it just carries no content (RFC 9110 §15.3.6)
                /* 28 */ arguments("GET", HTTP_1_1, 205, fields("Content-Length", "0"), FIXED_LENGTH),
                // 29-31: no body, whatever the version or a given coding (RFC 9112 §6.3(1))
                /* 29 */ arguments("GET", HTTP_1_0, 304, NONE, NO_BODY),
                /* 30 */ arguments("HEAD", HTTP_1_1, 200, fields("Transfer-Encoding", "chunked"), NO_BODY),
                /* 31 */ arguments("GET", HTTP_1_1, 103, NONE, NO_BODY),
                // 32: the method is case-sensitive (RFC 9110 §9.1): "head" is not HEAD
                /* 32 */ arguments("head", HTTP_1_1, 200, NONE, CHUNKED),
                // 33: an unregistered status is framed like any final status
                /* 33 */ arguments("GET", HTTP_1_0, 999, NONE, CLOSE_DELIMITED));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} {3}: {4}")
    @MethodSource("rows")
    void decidesTheFramingOnceFromStatusFieldsAndRequest(String method, HttpVersion version, int status,
                                                         String[] fields, Object expected) {
        Headers headers = new Headers();
        for (int i = 0; i < fields.length; i += 2) {
            headers.add(fields[i], fields[i + 1]);
        }
        assertEquals(expected, outcome(() -> ResponseFraming.of(status, method, version, headers)));
        if (status != 103) { // a 1xx other than 101 is an InformationalResponse, never a ResponseHead
            ResponseHead head = new ResponseHead(status, null, headers, method, version);
            assertEquals(expected, outcome(() -> ResponseFraming.of(head)));
        }
    }

    @Test
    void refusesAStatusOutsideThreeDigits() {
        assertThrows(IllegalArgumentException.class, () -> ResponseFraming.of(99, "GET", HTTP_1_1, new Headers()));
        assertThrows(IllegalArgumentException.class, () -> ResponseFraming.of(1000, "GET", HTTP_1_1, new Headers()));
    }

    static Stream<Arguments> consequences() {
        return Stream.of(
                // framing, body allowed, trailers allowed, connection closes
                /* 0 */ arguments(NO_BODY, false, false, false),
                /* 1 */ arguments(FIXED_LENGTH, true, false, false),
                /* 2 */ arguments(CHUNKED, true, true, false),
                /* 3 */ arguments(CLOSE_DELIMITED, true, false, true));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("consequences")
    void tellsWhatTheSenderMayAndMustDo(ResponseFraming framing, boolean body, boolean trailers, boolean closes) {
        assertEquals(body, framing.allowsBody());
        assertEquals(trailers, framing.allowsTrailers());
        assertEquals(closes, framing.closesConnection());
    }

    @Test
    void readsTheDeclaredContentLength() {
        Headers headers = new Headers();
        headers.add("Content-Length", "9".repeat(18));
        assertEquals(999_999_999_999_999_999L, ResponseFraming.contentLength(headers));
        ResponseEncodeException missing =
                assertThrows(ResponseEncodeException.class, () -> ResponseFraming.contentLength(new Headers()));
        assertEquals(EncodeError.INVALID_CONTENT_LENGTH, missing.error());
    }

    private static Object outcome(java.util.function.Supplier<ResponseFraming> decision) {
        try {
            return decision.get();
        } catch (ResponseEncodeException refused) {
            return refused.error();
        }
    }
}
