package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.ParseError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.eofFailure;
import static dev.h1.testing.EventLogAssertions.failure;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The connection closing (RFC 9112 §8): at a message boundary nothing happens; inside a message the request is
 * incomplete and is reported as {@code TRUNCATED_MESSAGE}.
 */
class EofTest {

    private static final String GET = head("GET / HTTP/1.1", "Host: a");
    private static final List<String> GET_EVENTS = List.of(
            "head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end");
    private static final String FIXED = head("POST / HTTP/1.1", "Host: a", "Content-Length: 5");
    private static final List<String> FIXED_EVENTS = List.of(
            "head POST / HTTP/1.1 CONTENT_LENGTH 5 keep-alive expect=NONE upgrade=false",
            "header Host: a", "header Content-Length: 5");
    private static final String CHUNKED = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked");
    private static final List<String> CHUNKED_EVENTS = List.of(
            "head POST / HTTP/1.1 CHUNKED keep-alive expect=NONE upgrade=false",
            "header Host: a", "header Transfer-Encoding: chunked");
    private static final String TRUNCATED = eofFailure(ParseError.TRUNCATED_MESSAGE);

    private static List<String> events(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    static Stream<Arguments> closes() {
        return Stream.of(
                // 0: nothing received
                arguments("", List.of()),
                // 1: only empty lines
                arguments("\r\n\r\n", List.of()),
                // 2: after a complete request
                arguments(GET, GET_EVENTS),
                // 3: after a complete request and empty lines
                arguments(GET + "\r\n", GET_EVENTS),
                // 4: inside the request line
                arguments("GET / HT", List.of(TRUNCATED)),
                // 5: after the request line
                arguments("GET / HTTP/1.1\r\n", List.of(TRUNCATED)),
                // 6: inside a field line
                arguments("GET / HTTP/1.1\r\nHost: a", List.of(TRUNCATED)),
                // 7: before the empty line that ends the head
                arguments("GET / HTTP/1.1\r\nHost: a\r\n", List.of(TRUNCATED)),
                // 8: inside the CRLF that ends the head
                arguments("GET / HTTP/1.1\r\nHost: a\r\n\r", List.of(TRUNCATED)),
                // 9: after a complete request, inside the next one
                arguments(GET + "GET /2", events(GET_EVENTS, TRUNCATED)),
                // 10: before a fixed body
                arguments(FIXED, events(FIXED_EVENTS, TRUNCATED)),
                // 11: inside a fixed body
                arguments(FIXED + "hel", events(FIXED_EVENTS, "body hel", TRUNCATED)),
                // 12: after a complete fixed body
                arguments(FIXED + "hello", events(FIXED_EVENTS, "body hello", "end")),
                // 13: before the first chunk
                arguments(CHUNKED, events(CHUNKED_EVENTS, TRUNCATED)),
                // 14: inside a chunk-size line
                arguments(CHUNKED + "5;a=", events(CHUNKED_EVENTS, TRUNCATED)),
                // 15: inside chunk data
                arguments(CHUNKED + "5\r\nhel", events(CHUNKED_EVENTS, "body hel", TRUNCATED)),
                // 16: before the CRLF after chunk data
                arguments(CHUNKED + "5\r\nhello", events(CHUNKED_EVENTS, "body hello", TRUNCATED)),
                // 17: after the last chunk, before the empty line
                arguments(CHUNKED + "5\r\nhello\r\n0\r\n", events(CHUNKED_EVENTS, "body hello", TRUNCATED)),
                // 18: inside the trailer section
                arguments(CHUNKED + "0\r\nVary: *\r\n", events(CHUNKED_EVENTS, TRUNCATED)),
                // 19: after a complete chunked body
                arguments(CHUNKED + "0\r\n\r\n", events(CHUNKED_EVENTS, "end")),
                // 20: after a failure: the failure only, no second one
                arguments("GET / HTTP/1.1\r\nHost : a\r\n", List.of(failure(ParseError.BAD_HEADER))),
                // 21: after a request with Connection: close, inside discarded bytes
                arguments(head("GET / HTTP/1.1", "Host: a", "Connection: close") + "GET /2",
                        List.of("head GET / HTTP/1.1 NONE close expect=NONE upgrade=false", "header Host: a",
                                "header Connection: close", "end")),
                // 22: after an upgrade request, inside passed-through bytes
                arguments(head("GET / HTTP/1.1", "Host: a", "Connection: upgrade", "Upgrade: x") + "RA",
                        List.of("head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=true", "header Host: a",
                                "header Connection: upgrade", "header Upgrade: x", "end", "pass RA"))
        );
    }

    @ParameterizedTest
    @MethodSource("closes")
    void reportsATruncatedRequestOnlyWhenTheConnectionClosesInsideOne(String input, List<String> expected) {
        assertEquals(expected, decodeAllSplits(DecoderConfig.defaults(), input.getBytes(StandardCharsets.ISO_8859_1),
                true));
    }
}
