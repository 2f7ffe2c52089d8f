package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Expectation;
import dev.h1.codec.RequestHead;
import dev.h1.testing.DecodedHeads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What the head tells beyond its fields: persistence (RFC 9112 §9.3), the expectation (RFC 9110 §10.1.1) and the
 * upgrade request (RFC 9110 §7.8); and that after a request which ends the connection, later bytes are discarded.
 */
class KeepAliveTest {

    /** The single head decoded from {@code GET / <version>} with Host and {@code fields}. */
    private static RequestHead decodeHead(String version, List<String> fields) {
        List<String> lines = new ArrayList<>();
        lines.add("Host: a");
        lines.addAll(fields);
        List<RequestHead> heads = DecodedHeads.of(DecoderConfig.defaults(),
                head("GET / " + version, lines.toArray(String[]::new)));
        assertEquals(1, heads.size(), () -> "heads: " + heads);
        return heads.get(0);
    }

    static Stream<Arguments> persistence() {
        return Stream.of(
                arguments("HTTP/1.1", List.of(), true),                                        // 0: 1.1 default
                arguments("HTTP/1.1", List.of("Connection: close"), false),                    // 1: close
                arguments("HTTP/1.1", List.of("Connection: Close"), false),                    // 2: any case
                arguments("HTTP/1.1", List.of("Connection: keep-alive, CLOSE"), false),        // 3: close in a list
                arguments("HTTP/1.1", List.of("Connection: keep-alive", "Connection: close"), false), // 4: second line
                arguments("HTTP/1.1", List.of("Connection: keep-alive"), true),                // 5: redundant
                arguments("HTTP/1.1", List.of("Connection: closed"), true),                    // 6: not the token close
                arguments("HTTP/1.1", List.of("Connection: upgrade"), true),                   // 7: another option
                arguments("HTTP/1.1", List.of("Connection: ,close,"), false),                  // 8: empty list elements
                arguments("HTTP/1.2", List.of(), true),                                        // 9: processed as 1.1
                arguments("HTTP/1.0", List.of(), false),                                       // 10: 1.0 default
                arguments("HTTP/1.0", List.of("Connection: keep-alive"), true),                // 11: 1.0 keep-alive
                arguments("HTTP/1.0", List.of("Connection: Keep-Alive"), true),                // 12: any case
                arguments("HTTP/1.0", List.of("Connection: foo, keep-alive"), true),           // 13: in a list
                arguments("HTTP/1.0", List.of("Connection: keep-alive, close"), false),        // 14: close wins
                arguments("HTTP/1.0", List.of("Keep-Alive: timeout=5"), false)                 // 15: not Connection
        );
    }

    @ParameterizedTest
    @MethodSource("persistence")
    void decidesPersistencePerRfc9112Section9Point3(String version, List<String> fields, boolean keepAlive) {
        assertEquals(keepAlive, decodeHead(version, fields).isKeepAlive());
    }

    static Stream<Arguments> expectations() {
        return Stream.of(
                arguments("HTTP/1.1", List.of(), Expectation.NONE),                          // 0: no Expect
                arguments("HTTP/1.1", List.of("Expect: 100-continue"), Expectation.CONTINUE), // 1: 100-continue
                arguments("HTTP/1.1", List.of("Expect: 100-Continue"), Expectation.CONTINUE), // 2: any case
                arguments("HTTP/1.1", List.of("Expect: 100-CONTINUE"), Expectation.CONTINUE), // 3: upper case
                arguments("HTTP/1.1", List.of("Expect: foo"), Expectation.UNSUPPORTED),       // 4: another value
                arguments("HTTP/1.1", List.of("Expect: 200-ok"), Expectation.UNSUPPORTED),    // 5: another value
                arguments("HTTP/1.0", List.of("Expect: 100-continue"), Expectation.NONE)      // 6: ignored in 1.0
        );
    }

    @ParameterizedTest
    @MethodSource("expectations")
    void reportsTheExpectation(String version, List<String> fields, Expectation expectation) {
        assertEquals(expectation, decodeHead(version, fields).expectation());
    }

    static Stream<Arguments> upgrades() {
        return Stream.of(
                arguments(List.of("Connection: upgrade", "Upgrade: websocket"), true),             // 0: both
                arguments(List.of("Connection: Upgrade", "Upgrade: h2c"), true),                   // 1: any case
                arguments(List.of("Connection: keep-alive, Upgrade", "Upgrade: websocket"), true), // 2: in a list
                arguments(List.of("Upgrade: websocket", "Connection: upgrade"), true),             // 3: any order
                arguments(List.of("Connection: upgrade"), false),                                  // 4: no Upgrade
                arguments(List.of("Upgrade: websocket"), false),                                   // 5: no option
                arguments(List.of("Connection: upgrades", "Upgrade: websocket"), false),           // 6: not the token
                arguments(List.of(), false)                                                        // 7: neither
        );
    }

    @ParameterizedTest
    @MethodSource("upgrades")
    void reportsTheUpgradeRequestOnlyWithConnectionUpgradeAndUpgrade(List<String> fields, boolean upgrade) {
        assertEquals(upgrade, decodeHead("HTTP/1.1", fields).isUpgrade());
    }

    @Test
    void ignoresUpgradeInAnHttp10Request() {
        // RFC 9110 §7.8: "A server MUST ignore an Upgrade header field that is received in an HTTP/1.0 request."
        assertEquals(false, decodeHead("HTTP/1.0", List.of("Connection: upgrade", "Upgrade: websocket")).isUpgrade());
    }

    // --- after the last request of a connection ---

    @Test
    void discardsEverythingAfterARequestWithConnectionClose() {
        String input = head("GET / HTTP/1.1", "Host: a", "Connection: close") + head("GET /2 HTTP/1.1", "Host: a")
                + "garbage that would fail \u0000\r\n";
        assertEquals(List.of("head GET / HTTP/1.1 NONE close expect=NONE upgrade=false",
                "header Host: a", "header Connection: close", "end"), decodeAllSplits(input));
    }

    @Test
    void discardsEverythingAfterAnHttp10RequestWithoutKeepAlive() {
        String input = head("GET / HTTP/1.0") + head("GET /2 HTTP/1.0") + "garbage\r\n";
        assertEquals(List.of("head GET / HTTP/1.0 NONE close expect=NONE upgrade=false", "end"),
                decodeAllSplits(input));
    }

    @Test
    void readsTheBodyOfTheLastRequestBeforeDiscarding() {
        String input = head("POST / HTTP/1.1", "Host: a", "Connection: close", "Content-Length: 5") + "hello"
                + head("GET /2 HTTP/1.1", "Host: a");
        assertEquals(List.of("head POST / HTTP/1.1 CONTENT_LENGTH 5 close expect=NONE upgrade=false",
                "header Host: a", "header Connection: close", "header Content-Length: 5", "body hello", "end"),
                decodeAllSplits(input));
    }

    @Test
    void readsTheChunkedBodyOfTheLastRequestBeforeDiscarding() {
        String input = head("POST / HTTP/1.1", "Host: a", "Connection: close", "Transfer-Encoding: chunked")
                + "5\r\nhello\r\n0\r\n\r\n" + "junk";
        assertEquals(List.of("head POST / HTTP/1.1 CHUNKED close expect=NONE upgrade=false",
                "header Host: a", "header Connection: close", "header Transfer-Encoding: chunked",
                "body hello", "end"), decodeAllSplits(input));
    }

    @Test
    void decodesTheNextRequestAfterAnHttp10KeepAliveRequest() {
        String input = head("GET /1 HTTP/1.0", "Connection: keep-alive") + head("GET /2 HTTP/1.0");
        assertEquals(List.of("head GET /1 HTTP/1.0 NONE keep-alive expect=NONE upgrade=false",
                "header Connection: keep-alive", "end",
                "head GET /2 HTTP/1.0 NONE close expect=NONE upgrade=false", "end"), decodeAllSplits(input));
    }
}
