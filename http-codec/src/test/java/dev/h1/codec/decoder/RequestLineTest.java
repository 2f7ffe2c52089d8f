package dev.h1.codec.decoder;

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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The request line (RFC 9112 §3): {@code method SP request-target SP HTTP-version CRLF}, the empty lines allowed before
 * it (RFC 9112 §2.2), the four forms of request-target (RFC 9112 §3.2) with the characters of RFC 3986, and the
 * version (RFC 9112 §2.3).
 */
class RequestLineTest {

    private static List<String> decodeWithHost(String requestLine) {
        return decodeAllSplits(head(requestLine, "Host: a"));
    }

    private static String headLine(String method, String target, String version) {
        return "head " + method + ' ' + target + ' ' + version + " NONE "
                + ("HTTP/1.0".equals(version) ? "close" : "keep-alive") + " expect=NONE upgrade=false";
    }

    // --- method (RFC 9110 §9.1: method = token, case-sensitive) ---

    static Stream<Arguments> validMethods() {
        return Stream.of(
                arguments("GET"),                 // 0: the common case
                arguments("MKCOLA"),              // 1: unknown methods are the application's business
                arguments("get"),                 // 2: case is kept: "get" is not GET
                arguments("M-SEARCH"),            // 3: '-' is a tchar
                arguments("!#$%&'*+-.^_`|~09AZaz") // 4: every tchar symbol, digits and letters
        );
    }

    @ParameterizedTest
    @MethodSource("validMethods")
    void acceptsAnyTokenAsMethodAndKeepsItsCase(String method) {
        assertEquals(List.of(headLine(method, "/", "HTTP/1.1"), "header Host: a", "end"),
                decodeWithHost(method + " / HTTP/1.1"));
    }

    static Stream<Arguments> invalidMethods() {
        return Stream.of(
                arguments("GE:T"),      // 0: ':' is a delimiter, not a tchar
                arguments("G(T"),       // 1: '(' is a delimiter
                arguments("GET@"),      // 2: '@' is a delimiter
                arguments("\"GET\""),   // 3: DQUOTE
                arguments("GE\u007FT"), // 4: DEL
                arguments("G\u00C9T"),  // 5: a byte above 0x7F
                arguments("GE\u0001T")  // 6: a control character
        );
    }

    @ParameterizedTest
    @MethodSource("invalidMethods")
    void rejectsMethodThatIsNotAToken(String method) {
        assertHeadRejected(decodeWithHost(method + " / HTTP/1.1"), ParseError.BAD_METHOD, ParseError.BAD_REQUEST_LINE);
    }

    // --- separators (RFC 9112 §3: exactly one SP between the parts) ---

    static Stream<Arguments> badSeparators() {
        return Stream.of(
                arguments("GET  / HTTP/1.1"),   // 0: two SP after the method
                arguments("GET /  HTTP/1.1"),   // 1: two SP before the version
                arguments(" GET / HTTP/1.1"),   // 2: leading SP
                arguments("GET\t/ HTTP/1.1"),   // 3: HTAB instead of SP after the method
                arguments("GET /\tHTTP/1.1"),   // 4: HTAB instead of SP before the version
                arguments("GET / HTTP/1.1 "),   // 5: trailing SP
                arguments("GET /"),             // 6: no version at all
                arguments("GET"),               // 7: method only
                arguments("GET / HTTP/1.1 x"),  // 8: a fourth part
                arguments("GET /a b HTTP/1.1")  // 9: SP inside the target
        );
    }

    @ParameterizedTest
    @MethodSource("badSeparators")
    void rejectsRequestLineWithoutExactlyOneSpaceBetweenItsParts(String requestLine) {
        assertHeadRejectedWithStatus(decodeWithHost(requestLine), 400);
    }

    // --- empty lines before the request line (RFC 9112 §2.2) ---

    @Test
    void ignoresEmptyLinesBeforeTheRequestLine() {
        assertEquals(List.of(headLine("GET", "/", "HTTP/1.1"), "header Host: a", "end"),
                decodeAllSplits("\r\n\r\n\r\n" + head("GET / HTTP/1.1", "Host: a")));
    }

    static Stream<Arguments> garbageBeforeRequestLine() {
        return Stream.of(
                arguments("\n"),        // 0: a bare LF as an empty line
                arguments("\r\r\n"),    // 1: a bare CR before a CRLF
                arguments(" \r\n"),     // 2: a line of whitespace is not empty
                arguments("x\r\n"),     // 3: any other line
                arguments("\r\n\n"),    // 4: a bare LF after a valid empty line
                arguments("\t")         // 5: whitespace directly before the method
        );
    }

    @ParameterizedTest
    @MethodSource("garbageBeforeRequestLine")
    void rejectsAnythingButEmptyLinesBeforeTheRequestLine(String prefix) {
        assertHeadRejectedWithStatus(decodeAllSplits(prefix + head("GET / HTTP/1.1", "Host: a")), 400);
    }

    // --- request-target (RFC 9112 §3.2) ---

    static Stream<Arguments> validTargets() {
        return Stream.of(
                arguments("GET", "/"),                                   // 0: origin-form, root
                arguments("GET", "/a/b?c=d&e"),                          // 1: origin-form with query
                arguments("GET", "/%4a%4A"),                             // 2: pct-encoding, either case
                arguments("GET", "/a;b=c,d"),                            // 3: sub-delims in a segment
                arguments("GET", "/~user/-._"),                          // 4: unreserved symbols
                arguments("GET", "/a:b@c!$&'()*+,;="),                   // 5: every pchar symbol
                arguments("GET", "/p?/?:@"),                             // 6: '/' and '?' are allowed in a query
                arguments("GET", "//a"),                                 // 7: absolute-path with an empty segment
                arguments("GET", "http://example.com:8080/path?q=1"),    // 8: absolute-form
                arguments("GET", "http://example.com"),                  // 9: absolute-form without a path
                arguments("GET", "https://[::1]:8443/"),                 // 10: absolute-form with an IPv6 literal
                arguments("OPTIONS", "*"),                               // 11: asterisk-form
                arguments("OPTIONS", "/"),                               // 12: OPTIONS may use origin-form too
                arguments("CONNECT", "example.com:443"),                 // 13: authority-form
                arguments("CONNECT", "[::1]:443")                        // 14: authority-form with an IPv6 literal
        );
    }

    @ParameterizedTest
    @MethodSource("validTargets")
    void acceptsTargetInOneOfTheFourFormsExactlyAsReceived(String method, String target) {
        List<String> log = decodeWithHost(method + ' ' + target + " HTTP/1.1");
        assertEquals(headLine(method, target, "HTTP/1.1"), log.get(0), () -> "log: " + log);
        assertEquals(List.of("header Host: a", "end"), log.subList(1, 3));
    }

    static Stream<Arguments> targetsWithBadCharacters() {
        return Stream.of(
                arguments("/a#f"),        // 0: '#' starts a fragment, never sent
                arguments("/\"q\""),      // 1: DQUOTE
                arguments("/<a>"),        // 2: '<' and '>'
                arguments("/a\\b"),       // 3: backslash
                arguments("/a^b"),        // 4: '^'
                arguments("/a`b"),        // 5: backtick
                arguments("/{a}"),        // 6: braces
                arguments("/a|b"),        // 7: '|'
                arguments("/a\u007Fb"),   // 8: DEL
                arguments("/a\u0080b"),   // 9: a byte above 0x7F
                arguments("/caf\u00E9"),  // 10: raw UTF-8/Latin-1 instead of pct-encoding
                arguments("/a\u00FFb"),   // 11: 0xFF
                arguments("/%zz"),        // 12: '%' not followed by HEXDIG
                arguments("/%4"),         // 13: '%' followed by one HEXDIG only
                arguments("/%"),          // 14: '%' at the end
                arguments("/%4g")         // 15: second character not a HEXDIG
        );
    }

    @ParameterizedTest
    @MethodSource("targetsWithBadCharacters")
    void rejectsTargetWithCharacterThatRfc3986DoesNotAllow(String target) {
        assertHeadRejected(decodeWithHost("GET " + target + " HTTP/1.1"), ParseError.BAD_TARGET);
    }

    static Stream<Arguments> targetsWithControlCharacters() {
        return Stream.of(
                arguments("/a\u0000b"), // 0: NUL
                arguments("/a\u0001b"), // 1: SOH
                arguments("/a\u001Fb"), // 2: US
                arguments("/a\tb")      // 3: HTAB
        );
    }

    @ParameterizedTest
    @MethodSource("targetsWithControlCharacters")
    void rejectsTargetWithControlCharacter(String target) {
        assertHeadRejectedWithStatus(decodeWithHost("GET " + target + " HTTP/1.1"), 400);
    }

    static Stream<Arguments> targetsInTheWrongForm() {
        return Stream.of(
                arguments("GET", "*"),                        // 0: asterisk-form only for OPTIONS
                arguments("POST", "*"),                       // 1: asterisk-form only for OPTIONS
                arguments("OPTIONS", "*x"),                   // 2: asterisk-form is exactly "*"
                arguments("GET", "127.0.0.1:8080"),           // 3: authority-form only for CONNECT
                arguments("GET", "[::1]:80"),                 // 4: authority-form only for CONNECT
                arguments("GET", "example.com:443"),          // 5: authority-form only for CONNECT
                arguments("CONNECT", "/path"),                // 6: CONNECT needs authority-form
                arguments("CONNECT", "http://a/"),            // 7: CONNECT needs authority-form
                arguments("CONNECT", "*"),                    // 8: CONNECT needs authority-form
                arguments("CONNECT", "example.com"),          // 9: authority-form needs a port (RFC 9112 §3.2.3)
                arguments("GET", "http://user@example.com/"), // 10: userinfo in http absolute-form (RFC 9110 §4.2.4)
                arguments("GET", "https://u:p@example.com/"), // 11: userinfo in https absolute-form
                arguments("GET", "a/b")                       // 12: a relative path is no form at all
        );
    }

    @ParameterizedTest
    @MethodSource("targetsInTheWrongForm")
    void rejectsTargetInAFormTheMethodCannotUse(String method, String target) {
        assertHeadRejected(decodeWithHost(method + ' ' + target + " HTTP/1.1"), ParseError.BAD_TARGET);
    }

    // --- HTTP-version (RFC 9112 §2.3) ---

    static Stream<Arguments> acceptedVersions() {
        return Stream.of(
                arguments("HTTP/1.0", "HTTP/1.0"), // 0: HTTP/1.0
                arguments("HTTP/1.1", "HTTP/1.1"), // 1: HTTP/1.1
                arguments("HTTP/1.2", "HTTP/1.1"), // 2: a higher minor version is processed as 1.1
                arguments("HTTP/1.9", "HTTP/1.1")  // 3: the highest one-digit minor version
        );
    }

    @ParameterizedTest
    @MethodSource("acceptedVersions")
    void acceptsMajorVersionOneAndProcessesHigherMinorVersionsAsOnePointOne(String sent, String reported) {
        assertEquals(List.of(headLine("GET", "/", reported), "header Host: a", "end"),
                decodeWithHost("GET / " + sent));
    }

    static Stream<Arguments> unsupportedVersions() {
        return Stream.of(
                arguments("HTTP/2.0"), // 0: HTTP/2 is not spoken over this connection preface
                arguments("HTTP/0.9"), // 1: major version 0
                arguments("HTTP/5.6"), // 2: any other major version
                arguments("HTTP/9.9")  // 3: the highest one-digit major version
        );
    }

    @ParameterizedTest
    @MethodSource("unsupportedVersions")
    void answersOtherMajorVersionsWith505(String version) {
        assertHeadRejected(decodeWithHost("GET / " + version), ParseError.VERSION_NOT_SUPPORTED);
    }

    @ParameterizedTest
    @MethodSource("unsupportedVersions")
    void rejectsUnsupportedVersionBeforeTheLineEnds(String version) {
        assertEquals(List.of(failure(ParseError.VERSION_NOT_SUPPORTED)), decodeAllSplits("GET / " + version));
    }

    static Stream<Arguments> malformedVersions() {
        return Stream.of(
                arguments("HTTP/1"),     // 0: no minor version
                arguments("HTTP/11"),    // 1: no dot
                arguments("HTTP/1."),    // 2: dot without minor
                arguments("http/1.1"),   // 3: the protocol name is case-sensitive
                arguments("HTTP/a.b"),   // 4: not digits
                arguments("HTTP/1.1x"),  // 5: trailing garbage
                arguments("HTTP/10.0"),  // 6: two-digit major
                arguments("HTTP/1.10"),  // 7: two-digit minor
                arguments("HTTPS/1.1"),  // 8: wrong protocol name
                arguments("HTTP 1.1"),   // 9: SP instead of '/'
                arguments("")            // 10: empty version after the SP
        );
    }

    @ParameterizedTest
    @MethodSource("malformedVersions")
    void rejectsMalformedVersion(String version) {
        List<String> log = decodeWithHost("GET / " + version);
        assertHeadRejectedWithStatus(log, 400);
        assertTrue(List.of(failure(ParseError.BAD_VERSION), failure(ParseError.BAD_REQUEST_LINE)).contains(log.get(0)),
                () -> "expected BAD_VERSION or BAD_REQUEST_LINE: " + log);
    }
}
