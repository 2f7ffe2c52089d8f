package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Headers;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;
import dev.h1.testing.DecodedHeads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.assertHeadRejected;
import static dev.h1.testing.EventLogAssertions.assertHeadRejectedWithStatus;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Field lines of the header section (RFC 9112 §5, RFC 9110 §5.5): {@code field-name ":" OWS field-value OWS}, with a
 * token as name, VCHAR / obs-text / SP / HTAB in the value, and no obs-fold.
 */
class HeaderFieldTest {

    private static final String GET_HEAD = "head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=false";

    @Test
    void keepsFieldsInReceivedOrderWithTheirOriginalCase() {
        assertEquals(List.of(GET_HEAD, "header Host: a", "header X-B: 1", "header x-a: 2", "header X-B: 3", "end"),
                decodeAllSplits(head("GET / HTTP/1.1", "Host: a", "X-B: 1", "x-a: 2", "X-B: 3")));
    }

    @Test
    void looksUpFieldsIgnoringCaseAndKeepsEveryValueOfARepeatedName() {
        RequestHead head = DecodedHeads.of(DecoderConfig.defaults(),
                head("GET / HTTP/1.1", "Host: a", "X-B: 1", "x-a: 2", "x-b: 3")).get(0);
        Headers headers = head.headers();
        assertEquals("a", headers.get("HOST"));
        assertEquals("1", headers.get("x-b"));
        assertEquals(List.of("1", "3"), headers.getAll("X-b"));
        assertEquals(List.of("2"), headers.getAll("X-A"));
        assertEquals(4, headers.size());
    }

    static Stream<Arguments> valuesAndWhatIsKept() {
        return Stream.of(
                arguments("X: a", "a"),                       // 0: one SP after the colon
                arguments("X:a", "a"),                        // 1: OWS is optional
                arguments("X:  \t a b \t ", "a b"),           // 2: leading and trailing SP/HTAB removed, inner kept
                arguments("X:", ""),                          // 3: an empty value
                arguments("X: \t ", ""),                      // 4: a value of whitespace only is empty
                arguments("X: a\tb", "a\tb"),                 // 5: HTAB inside a value
                arguments("X: !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), // 6: VCHARs
                arguments("X: caf\u00E9 \u0080\u00FF", "caf\u00E9 \u0080\u00FF") // 7: obs-text, kept as ISO-8859-1
        );
    }

    @ParameterizedTest
    @MethodSource("valuesAndWhatIsKept")
    void trimsOptionalWhitespaceAroundTheValueAndKeepsTheRest(String fieldLine, String value) {
        assertEquals(List.of(GET_HEAD, "header Host: a", "header X: " + value, "end"),
                decodeAllSplits(head("GET / HTTP/1.1", "Host: a", fieldLine)));
    }

    static Stream<Arguments> validNames() {
        return Stream.of(
                arguments("x"),                        // 0: one character
                arguments("Content-MD5"),              // 1: letters, digits, '-'
                arguments("!#$%&'*+-.^_`|~09AZaz")     // 2: every tchar symbol
        );
    }

    @ParameterizedTest
    @MethodSource("validNames")
    void acceptsAnyTokenAsFieldName(String name) {
        assertEquals(List.of(GET_HEAD, "header Host: a", "header " + name + ": v", "end"),
                decodeAllSplits(head("GET / HTTP/1.1", "Host: a", name + ": v")));
    }

    static Stream<Arguments> badFieldLines() {
        return Stream.of(
                arguments("Host : a"),     // 0: SP between name and colon (RFC 9112 §5.1)
                arguments("X\t: a"),       // 1: HTAB between name and colon
                arguments(": v"),          // 2: empty name
                arguments("Fo@: v"),       // 3: '@' is not a tchar
                arguments("X(y): v"),      // 4: '(' is not a tchar
                arguments("X\"y: v"),      // 5: DQUOTE in the name
                arguments("X\u00E9: v"),   // 6: a byte above 0x7F in the name
                arguments("X\u0000: v"),   // 7: NUL in the name
                arguments("no colon"),     // 8: no colon at all
                arguments("NoColon"),      // 9: a token without colon
                arguments("X: a\u0000b"),  // 10: NUL in the value
                arguments("X: a\u0001b"),  // 11: another CTL in the value
                arguments("X: a\u001Fb"),  // 12: US in the value
                arguments("X: a\u007Fb"),  // 13: DEL in the value
                arguments("X: \u0000"),    // 14: a value that is only NUL
                arguments("X: a\u000Bb"),  // 15: VT in the value
                arguments("X: a\u000Cb")   // 16: FF in the value
        );
    }

    @ParameterizedTest
    @MethodSource("badFieldLines")
    void rejectsFieldLineThatBreaksTheFieldSyntax(String fieldLine) {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "Host: a", fieldLine)), ParseError.BAD_HEADER);
    }

    @Test
    void rejectsCrInsideAValue() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "Host: a", "X: a\rb")),
                ParseError.BAD_HEADER, ParseError.BAD_LINE_ENDING);
    }

    @Test
    void rejectsCrInsideAName() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "Host: a", "X\rY: b")),
                ParseError.BAD_HEADER, ParseError.BAD_LINE_ENDING);
    }

    static Stream<Arguments> linesStartingWithWhitespace() {
        return Stream.of(
                arguments(List.of("Host: a", "X: a", " b")),    // 0: obs-fold with SP
                arguments(List.of("Host: a", "X: a", "\tb")),   // 1: obs-fold with HTAB
                arguments(List.of(" Host: a")),                 // 2: whitespace before the first field (RFC 9112 §2.2)
                arguments(List.of("\tHost: a")),                // 3: HTAB before the first field
                arguments(List.of("Host: a", " ")),             // 4: a line of whitespace only
                arguments(List.of("Host: a", "X: a", " b: c"))  // 5: an indented field after a field
        );
    }

    @ParameterizedTest
    @MethodSource("linesStartingWithWhitespace")
    void rejectsLineThatStartsWithWhitespace(List<String> fieldLines) {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", fieldLines.toArray(String[]::new))),
                ParseError.OBSOLETE_LINE_FOLDING);
    }

    @Test
    void keepsListsAndParametersInsideValuesUntouched() {
        assertEquals(List.of(GET_HEAD, "header Host: a", "header Accept: text/html, */*;q=0.8",
                        "header Cookie: a=1; b=2", "header Cache-Control: no-cache", "end"),
                decodeAllSplits(head("GET / HTTP/1.1", "Host: a", "Accept: text/html, */*;q=0.8",
                        "Cookie: a=1; b=2", "Cache-Control: no-cache")));
    }

    @Test
    void rejectsBadFieldLineEvenWithAValidHeaderAfterIt() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "Bad Name: x", "Host: a")), ParseError.BAD_HEADER);
    }

    @Test
    void rejectsNulInAValueWithStatus400() {
        assertHeadRejectedWithStatus(decodeAllSplits(head("GET / HTTP/1.1", "Host: a\u0000")), 400);
    }
}
