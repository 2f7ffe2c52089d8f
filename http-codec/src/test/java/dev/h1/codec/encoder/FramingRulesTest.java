package dev.h1.codec.encoder;

import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseEncodeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.h1.codec.HttpVersion.HTTP_1_0;
import static dev.h1.codec.HttpVersion.HTTP_1_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@link FramingRules#decide} as a channel-free truth table; each row cites the rule it checks. */
class FramingRulesTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                // 0-3: 1xx, 204, 2xx to CONNECT: no body, no framing fields (RFC 9110 §8.6, §9.3.6; RFC 9112 §6.1)
                arguments("GET", HTTP_1_1, 101, new String[0], "NONE"),
                arguments("GET", HTTP_1_1, 204, new String[0], "NONE"),
                arguments("CONNECT", HTTP_1_1, 200, new String[0], "NONE"),
                arguments("GET", HTTP_1_1, 204, new String[] {"Content-Length", "0"}, "FRAMING_NOT_ALLOWED"),
                // 4-5: framing fields on 101 and CONNECT 2xx
                arguments("GET", HTTP_1_1, 101, new String[] {"Transfer-Encoding", "chunked"}, "FRAMING_NOT_ALLOWED"),
                arguments("CONNECT", HTTP_1_1, 200, new String[] {"Content-Length", "0"}, "FRAMING_NOT_ALLOWED"),
                // 6: a failed CONNECT is an ordinary response
                arguments("CONNECT", HTTP_1_1, 407, new String[0], "CHUNKED_ANNOUNCED"),
                // 7-8: HEAD and 304 have no body but keep a given length (RFC 9110 §9.3.2, §15.4.5)
                arguments("HEAD", HTTP_1_1, 200, new String[] {"Content-Length", "42"}, "NONE"),
                arguments("GET", HTTP_1_1, 304, new String[] {"Content-Length", "42"}, "NONE"),
                // 9: a HEAD response's length is still checked
                arguments("HEAD", HTTP_1_1, 200, new String[] {"Content-Length", "4x"}, "INVALID_CONTENT_LENGTH"),
                // 10-11: Content-Length frames the body in both versions (RFC 9112 §6.3(6))
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", "42"}, "FIXED 42"),
                arguments("POST", HTTP_1_0, 201, new String[] {"content-length", "0"}, "FIXED 0"),
                // 12-17: Content-Length syntax (RFC 9110 §8.6)
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", ""}, "INVALID_CONTENT_LENGTH"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", "-1"}, "INVALID_CONTENT_LENGTH"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", "1,1"}, "INVALID_CONTENT_LENGTH"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", "1", "Content-Length", "1"},
                        "INVALID_CONTENT_LENGTH"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", "9".repeat(19)},
                        "INVALID_CONTENT_LENGTH"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", "9".repeat(18)}, "FIXED " + "9".repeat(18)),
                // 18: both length and coding (RFC 9112 §6.2)
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", "1", "Transfer-Encoding", "chunked"},
                        "CONFLICTING_FRAMING"),
                // 19-24: a given Transfer-Encoding (RFC 9112 §6.1)
                arguments("GET", HTTP_1_1, 200, new String[] {"Transfer-Encoding", "chunked"}, "CHUNKED_GIVEN"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Transfer-Encoding", "gzip", "Transfer-Encoding", "Chunked"},
                        "CHUNKED_GIVEN"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Transfer-Encoding", "gzip"}, "INVALID_TRANSFER_ENCODING"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Transfer-Encoding", "chunked, gzip"},
                        "INVALID_TRANSFER_ENCODING"),
                arguments("GET", HTTP_1_1, 200, new String[] {"Transfer-Encoding", "chunked, chunked"},
                        "INVALID_TRANSFER_ENCODING"),
                arguments("GET", HTTP_1_0, 200, new String[] {"Transfer-Encoding", "chunked"},
                        "INVALID_TRANSFER_ENCODING"),
                // 25-27: no length: chunked for HTTP/1.1, close-delimited for HTTP/1.0 (RFC 9112 §7.1, §6.3(8))
                arguments("GET", HTTP_1_1, 200, new String[0], "CHUNKED_ANNOUNCED"),
                arguments("GET", HTTP_1_0, 200, new String[0], "CLOSE_ANNOUNCED"),
                arguments("GET", HTTP_1_0, 500, new String[] {"Connection", "Close"}, "CLOSE_GIVEN"),
                // 28: a 205 is framed like any response; it just carries no content (RFC 9110 §15.3.6)
                arguments("GET", HTTP_1_1, 205, new String[] {"Content-Length", "0"}, "FIXED 0"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} {3}: {4}")
    @MethodSource("rows")
    void decidesTheFramingOnceFromStatusFieldsAndRequest(String method, HttpVersion version, int status,
                                                         String[] fields, String expected) {
        assertEquals(expected, outcome(method, version, status, fields));
    }

    private static String outcome(String method, HttpVersion version, int status, String[] fields) {
        BodyEncoder body;
        try {
            body = FramingRules.decide(Wire.head(method, version, status, fields));
        } catch (ResponseEncodeException refused) {
            return refused.error().name();
        }
        if (body instanceof FixedLength fixed) {
            return "FIXED " + fixed.length();
        }
        if (body instanceof Chunked chunked) {
            return "CHUNKED_" + chunked.name();
        }
        if (body instanceof CloseDelimited closing) {
            return "CLOSE_" + closing.name();
        }
        return "NONE";
    }
}
