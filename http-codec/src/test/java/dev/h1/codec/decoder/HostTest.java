package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Leniency;
import dev.h1.codec.ParseError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.assertHeadRejected;
import static dev.h1.testing.EventLogAssertions.assertHeadRejectedWithStatus;
import static dev.h1.testing.EventLogAssertions.failure;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that
 * lacks a Host header field and to any request message that contains more than one Host header field line or a Host
 * header field with an invalid field value." Host = uri-host [ ":" port ] (RFC 9110 §7.2, RFC 3986 §3.2.2).
 */
class HostTest {

    private static final String GET_HEAD = "head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=false";
    private static final String GET_HEAD_1_0 = "head GET / HTTP/1.0 NONE close expect=NONE upgrade=false";
    private static final DecoderConfig MISSING_HOST_ALLOWED =
            DecoderConfig.builder().allow(Leniency.MISSING_HOST).build();

    static Stream<Arguments> validHosts() {
        return Stream.of(
                arguments("example.com"),        // 0: reg-name
                arguments("example.com:8080"),   // 1: reg-name and port
                arguments("127.0.0.1"),          // 2: IPv4address
                arguments("127.0.0.1:80"),       // 3: IPv4address and port
                arguments("[::1]"),              // 4: IP-literal
                arguments("[::1]:80"),           // 5: IP-literal and port
                arguments(""),                   // 6: empty, allowed when the target has no authority (RFC 9112 §3.2)
                arguments("0.0.0.0=5000"),       // 7: reg-name with a sub-delim
                arguments("ex%41mple.com"),      // 8: reg-name with a pct-encoding
                arguments("EXAMPLE.com"),        // 9: case does not matter
                arguments("a-b_c~d"),            // 10: unreserved symbols
                arguments("example.com:"),       // 11: port = *DIGIT may be empty (RFC 3986 §3.2.3)
                arguments("[2001:db8::1]:443"),  // 12: a compressed IPv6address
                arguments("[::ffff:127.0.0.1]"), // 13: an IPv6address ending in an IPv4address
                arguments("[v1.fe80::a+en1]")    // 14: IPvFuture
        );
    }

    @ParameterizedTest
    @MethodSource("validHosts")
    void acceptsHostThatIsAUriHostWithOptionalPort(String host) {
        assertEquals(List.of(GET_HEAD, "header Host: " + host, "end"),
                decodeAllSplits(head("GET / HTTP/1.1", "Host: " + host)));
    }

    static Stream<Arguments> invalidHosts() {
        return Stream.of(
                arguments("a b"),           // 0: SP inside
                arguments("a/b"),           // 1: a path
                arguments("a:b:c"),         // 2: two colons outside an IP-literal
                arguments("[::1"),          // 3: unterminated IP-literal
                arguments("::1"),           // 4: IPv6 without brackets
                arguments("a:8x"),          // 5: a port that is not digits
                arguments("user@host"),     // 6: userinfo
                arguments("a?b"),           // 7: a query
                arguments("a#b"),           // 8: a fragment
                arguments("[::1]x"),        // 9: garbage after an IP-literal
                arguments("a%zz"),          // 10: a bad pct-encoding
                arguments("a\"b"),          // 11: DQUOTE
                arguments("caf\u00E9"),     // 12: obs-text is a valid field value but not a uri-host
                arguments("[]"),            // 13: an empty IP-literal
                arguments("[1.2.3.4]"),     // 14: an IPv4address is not an IP-literal
                arguments("[::g]")          // 15: not a HEXDIG
        );
    }

    static Stream<Arguments> ipLiteralsThatAreNotIpv6Addresses() {
        return Stream.of(
                arguments("[::1::2]"),            // 0: "::" twice
                arguments("[1:2:3:4:5:6:7:8:9]"), // 1: nine 16-bit pieces
                arguments("[12345::1]"),          // 2: a piece of five HEXDIGs
                arguments("[::1.2.3]"),           // 3: an embedded IPv4address with three parts
                arguments("[1:2]")                // 4: two pieces without "::"
        );
    }

    /** RFC 3986 §3.2.2 spells out {@code IPv6address}; brackets around any mix of HEXDIG, ':' and '.' are not it. */
    @ParameterizedTest
    @MethodSource("ipLiteralsThatAreNotIpv6Addresses")
    void rejectsIpLiteralThatIsNotAnIpv6Address(String host) {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "Host: " + host)), ParseError.BAD_HOST);
    }

    @ParameterizedTest
    @MethodSource("invalidHosts")
    void rejectsHostThatIsNotAUriHostWithOptionalPort(String host) {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "Host: " + host)), ParseError.BAD_HOST);
    }

    @Test
    void rejectsHttp11RequestWithoutHost() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "X: y")), ParseError.BAD_HOST);
    }

    @Test
    void rejectsHttp11RequestWithoutAnyField() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1")), ParseError.BAD_HOST);
    }

    @Test
    void rejectsHttp11RequestWithoutHostEvenInAbsoluteForm() {
        assertHeadRejected(decodeAllSplits(head("GET http://example.com/ HTTP/1.1")), ParseError.BAD_HOST);
    }

    @Test
    void acceptsHttp11RequestWithoutHostWhenTheLeniencyIsOn() {
        assertEquals(List.of(GET_HEAD, "header X: y", "end"),
                decodeAllSplits(MISSING_HOST_ALLOWED, head("GET / HTTP/1.1", "X: y")));
    }

    /** A connection's Host value found valid is not checked again; any other value of a later request is. */
    @Test
    void checksEveryNewHostValueOfAConnection() {
        String valid = head("GET / HTTP/1.1", "Host: tfb-server");
        assertEquals(List.of(GET_HEAD, "header Host: tfb-server", "end", GET_HEAD, "header Host: tfb-server", "end"),
                decodeAllSplits(valid + valid));
        List<String> log = decodeAllSplits(valid + valid + head("GET / HTTP/1.1", "Host: tfb server"));
        assertEquals(List.of(GET_HEAD, "header Host: tfb-server", "end", GET_HEAD, "header Host: tfb-server", "end",
                failure(ParseError.BAD_HOST)), log);
    }

    @Test
    void rejectsTwoHostLines() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "Host: a", "Host: a")), ParseError.BAD_HOST);
    }

    @Test
    void rejectsTwoHostLinesWhoseNamesDifferInCase() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "Host: a", "X: y", "host: b")), ParseError.BAD_HOST);
    }

    @Test
    void rejectsTwoHostLinesEvenWhenTheLeniencyIsOn() {
        assertHeadRejected(decodeAllSplits(MISSING_HOST_ALLOWED, head("GET / HTTP/1.1", "Host: a", "Host: b")),
                ParseError.BAD_HOST);
    }

    @Test
    void rejectsInvalidHostEvenWhenTheLeniencyIsOn() {
        assertHeadRejected(decodeAllSplits(MISSING_HOST_ALLOWED, head("GET / HTTP/1.1", "Host: a b")),
                ParseError.BAD_HOST);
    }

    @Test
    void acceptsHttp10RequestWithoutHost() {
        assertEquals(List.of(GET_HEAD_1_0, "end"), decodeAllSplits(head("GET / HTTP/1.0")));
    }

    @Test
    void acceptsHttp10RequestWithOneHost() {
        assertEquals(List.of(GET_HEAD_1_0, "header Host: a", "end"),
                decodeAllSplits(head("GET / HTTP/1.0", "Host: a")));
    }

    @Test
    void rejectsHttp10RequestWithTwoHostLines() {
        assertHeadRejectedWithStatus(decodeAllSplits(head("GET / HTTP/1.0", "Host: a", "Host: b")), 400);
    }

    @Test
    void rejectsHttp10RequestWithInvalidHost() {
        assertHeadRejectedWithStatus(decodeAllSplits(head("GET / HTTP/1.0", "Host: a/b")), 400);
    }

    @Test
    void rejectsRequestInHigherMinorVersionWithoutHost() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.5", "X: y")), ParseError.BAD_HOST);
    }
}
