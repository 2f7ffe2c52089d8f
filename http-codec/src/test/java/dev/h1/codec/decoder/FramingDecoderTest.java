package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Leniency;
import dev.h1.codec.ParseError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.assertEndsWithFailure;
import static dev.h1.testing.EventLogAssertions.assertHeadRejected;
import static dev.h1.testing.EventLogAssertions.assertNoFailure;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Message body framing as the decoder applies it (RFC 9112 §6): the whole request runs through the decoder, so this
 * also proves that the head announces the framing that the body is then read with. The framing function itself is
 * table-tested without a channel in {@link BodyFramingTableTest}.
 */
class FramingDecoderTest {

    /** Decodes {@code POST / <version>} with Host, the given fields, and then {@code body}. */
    private static List<String> decodePost(String version, List<String> fields, String body) {
        List<String> lines = new ArrayList<>();
        lines.add("Host: a");
        lines.addAll(fields);
        return decodeAllSplits(head("POST / " + version, lines.toArray(String[]::new)) + body);
    }

    static Stream<Arguments> acceptedFraming() {
        return Stream.of(
                // 0: no Content-Length, no Transfer-Encoding: no body (RFC 9112 §6.3(7))
                arguments("HTTP/1.1", List.of(), "", "NONE"),
                // 1: chunked
                arguments("HTTP/1.1", List.of("Transfer-Encoding: chunked"), "0\r\n\r\n", "CHUNKED"),
                // 2: transfer codings are case-insensitive (RFC 9112 §7)
                arguments("HTTP/1.1", List.of("Transfer-Encoding: Chunked"), "0\r\n\r\n", "CHUNKED"),
                // 3: upper case
                arguments("HTTP/1.1", List.of("Transfer-Encoding: CHUNKED"), "0\r\n\r\n", "CHUNKED"),
                // 4: Content-Length
                arguments("HTTP/1.1", List.of("Content-Length: 5"), "hello", "CONTENT_LENGTH 5"),
                // 5: Content-Length zero is a body of length zero
                arguments("HTTP/1.1", List.of("Content-Length: 0"), "", "CONTENT_LENGTH 0"),
                // 6: leading zeros
                arguments("HTTP/1.1", List.of("Content-Length: 003"), "abc", "CONTENT_LENGTH 3"),
                // 7: HTTP/1.0 with Content-Length
                arguments("HTTP/1.0", List.of("Content-Length: 5"), "hello", "CONTENT_LENGTH 5"),
                // 8: the field name is case-insensitive
                arguments("HTTP/1.1", List.of("content-length: 5"), "hello", "CONTENT_LENGTH 5"),
                // 9: the largest value that fits in a long (the default maxBodyBytes is unlimited); body not sent
                arguments("HTTP/1.1", List.of("Content-Length: 9223372036854775807"), "",
                        "CONTENT_LENGTH 9223372036854775807")
        );
    }

    @ParameterizedTest
    @MethodSource("acceptedFraming")
    void announcesTheFramingItReadsTheBodyWith(String version, List<String> fields, String body, String framing) {
        List<String> log = decodePost(version, fields, body);
        String persistence = "HTTP/1.0".equals(version) ? " close" : " keep-alive";
        assertEquals("head POST / " + version + ' ' + framing + persistence + " expect=NONE upgrade=false", log.get(0),
                () -> "log: " + log);
        assertNoFailure(log);
        if (!body.isEmpty() && framing.startsWith("CONTENT_LENGTH")) {
            assertEquals(List.of("body " + body, "end"), log.subList(log.size() - 2, log.size()));
        }
    }

    static Stream<Arguments> rejectedFraming() {
        return Stream.of(
                // 0: Transfer-Encoding and Content-Length together (RFC 9112 §6.3(3))
                arguments("HTTP/1.1", List.of("Transfer-Encoding: chunked", "Content-Length: 5"),
                        ParseError.CONFLICTING_FRAMING),
                // 1: the same, Content-Length first
                arguments("HTTP/1.1", List.of("Content-Length: 5", "Transfer-Encoding: chunked"),
                        ParseError.CONFLICTING_FRAMING),
                // 2: Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1)
                arguments("HTTP/1.0", List.of("Transfer-Encoding: chunked"), ParseError.CONFLICTING_FRAMING),
                // 3: final coding is not chunked (RFC 9112 §6.3(4))
                arguments("HTTP/1.1", List.of("Transfer-Encoding: gzip"), ParseError.BAD_TRANSFER_ENCODING),
                // 4: chunked is not the final coding
                arguments("HTTP/1.1", List.of("Transfer-Encoding: chunked, gzip"), ParseError.BAD_TRANSFER_ENCODING),
                // 5: chunked twice in one line (RFC 9112 §6.1)
                arguments("HTTP/1.1", List.of("Transfer-Encoding: chunked, chunked"),
                        ParseError.BAD_TRANSFER_ENCODING),
                // 6: chunked twice in two lines
                arguments("HTTP/1.1", List.of("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"),
                        ParseError.BAD_TRANSFER_ENCODING),
                // 7: a coding h1 does not decode, with chunked last
                arguments("HTTP/1.1", List.of("Transfer-Encoding: gzip, chunked"),
                        ParseError.UNSUPPORTED_TRANSFER_CODING),
                // 8: the same in two lines
                arguments("HTTP/1.1", List.of("Transfer-Encoding: deflate", "Transfer-Encoding: chunked"),
                        ParseError.UNSUPPORTED_TRANSFER_CODING),
                // 9: a sign
                arguments("HTTP/1.1", List.of("Content-Length: +1"), ParseError.BAD_CONTENT_LENGTH),
                // 10: a negative value
                arguments("HTTP/1.1", List.of("Content-Length: -1"), ParseError.BAD_CONTENT_LENGTH),
                // 11: SP inside the value
                arguments("HTTP/1.1", List.of("Content-Length: 1 2"), ParseError.BAD_CONTENT_LENGTH),
                // 12: hex
                arguments("HTTP/1.1", List.of("Content-Length: 0x10"), ParseError.BAD_CONTENT_LENGTH),
                // 13: a decimal point
                arguments("HTTP/1.1", List.of("Content-Length: 1.0"), ParseError.BAD_CONTENT_LENGTH),
                // 14: empty
                arguments("HTTP/1.1", List.of("Content-Length:"), ParseError.BAD_CONTENT_LENGTH),
                // 15: one more than Long.MAX_VALUE
                arguments("HTTP/1.1", List.of("Content-Length: 9223372036854775808"), ParseError.BAD_CONTENT_LENGTH),
                // 16: far beyond a long
                arguments("HTTP/1.1", List.of("Content-Length: 99999999999999999999999"),
                        ParseError.BAD_CONTENT_LENGTH),
                // 17: a list of different values (RFC 9112 §6.3(5))
                arguments("HTTP/1.1", List.of("Content-Length: 5, 6"), ParseError.BAD_CONTENT_LENGTH),
                // 18: two lines with different values
                arguments("HTTP/1.1", List.of("Content-Length: 5", "Content-Length: 6"), ParseError.BAD_CONTENT_LENGTH),
                // 19: letters
                arguments("HTTP/1.1", List.of("Content-Length: abc"), ParseError.BAD_CONTENT_LENGTH),
                // 20: a valid value with a trailing letter
                arguments("HTTP/1.1", List.of("Content-Length: 5a"), ParseError.BAD_CONTENT_LENGTH)
        );
    }

    @ParameterizedTest
    @MethodSource("rejectedFraming")
    void rejectsHeadWhoseFramingIsInvalid(String version, List<String> fields, ParseError error) {
        assertHeadRejected(decodePost(version, fields, ""), error);
    }

    /** Content-Length fields that repeat one decimal value: RFC 9110 §8.6 lets a recipient reject or accept them. */
    static Stream<Arguments> identicalContentLengths() {
        return Stream.of(
                // 0: a list in one field
                arguments(List.of("Content-Length: 5, 5")),
                // 1: a list without OWS
                arguments(List.of("Content-Length: 5,5")),
                // 2: two fields
                arguments(List.of("Content-Length: 5", "Content-Length: 5")),
                // 3: the same decimal value in two spellings
                arguments(List.of("Content-Length: 005", "Content-Length: 5")),
                // 4: two fields with another field between them
                arguments(List.of("Content-Length: 5", "X: y", "Content-Length: 5"))
        );
    }

    @ParameterizedTest
    @MethodSource("identicalContentLengths")
    void rejectsRepeatedContentLengthByDefault(List<String> fields) {
        assertHeadRejected(decodePost("HTTP/1.1", fields, "hello"), ParseError.BAD_CONTENT_LENGTH);
    }

    @ParameterizedTest
    @MethodSource("identicalContentLengths")
    void rejectsRepeatedContentLengthAsSoonAsTheSecondValueArrives(List<String> fields) {
        StringBuilder unfinishedHead = new StringBuilder("POST / HTTP/1.1\r\nHost: a\r\n");
        fields.forEach(field -> unfinishedHead.append(field).append("\r\n"));
        assertHeadRejected(decodeAllSplits(unfinishedHead.toString()), ParseError.BAD_CONTENT_LENGTH);
    }

    @ParameterizedTest
    @MethodSource("identicalContentLengths")
    void acceptsIdenticalContentLengthsWithTheirLeniency(List<String> fields) {
        DecoderConfig config = DecoderConfig.builder().allow(Leniency.IDENTICAL_CONTENT_LENGTHS).build();
        List<String> lines = new ArrayList<>(List.of("Host: a"));
        lines.addAll(fields);
        List<String> log = decodeAllSplits(config, head("POST / HTTP/1.1", lines.toArray(String[]::new)) + "hello");
        assertEquals("head POST / HTTP/1.1 CONTENT_LENGTH 5 keep-alive expect=NONE upgrade=false", log.get(0));
        assertEquals(List.of("body hello", "end"), log.subList(log.size() - 2, log.size()));
    }

    @Test
    void rejectsDifferingContentLengthsEvenWithTheLeniency() {
        DecoderConfig config = DecoderConfig.builder().allow(Leniency.IDENTICAL_CONTENT_LENGTHS).build();
        assertHeadRejected(decodeAllSplits(config, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                + "Content-Length: 6\r\n"), ParseError.BAD_CONTENT_LENGTH);
        assertHeadRejected(decodeAllSplits(config, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n"),
                ParseError.BAD_CONTENT_LENGTH);
    }

    @Test
    void rejectsEmptyTransferEncoding() {
        List<String> log = decodePost("HTTP/1.1", List.of("Transfer-Encoding:"), "");
        assertEquals(1, log.size(), () -> "log: " + log);
        assertEquals(400, Integer.parseInt(log.get(0).split(" ")[1]), () -> "log: " + log);
    }

    @Test
    void rejectsContentLengthAboveMaxBodyBytes() {
        DecoderConfig config = DecoderConfig.builder().maxBodyBytes(4).build();
        List<String> log = decodeAllSplits(config, head("POST / HTTP/1.1", "Host: a", "Content-Length: 5") + "hello");
        assertEndsWithFailure(log, ParseError.CONTENT_TOO_LARGE);
    }

    @Test
    void readsNoBodyForConnectEvenWithContentLength() {
        List<String> log = decodeAllSplits(
                head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443", "Content-Length: 5") + "hello");
        assertEquals(List.of("head CONNECT example.com:443 HTTP/1.1 NONE keep-alive expect=NONE upgrade=false",
                "header Host: example.com:443", "header Content-Length: 5", "end", "pass hello"), log);
    }

    @Test
    void tunnelsAfterConnectWhoseContentLengthIsAboveMaxBodyBytes() {
        DecoderConfig config = DecoderConfig.builder().maxBodyBytes(4).build();
        List<String> log = decodeAllSplits(config,
                head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443", "Content-Length: 5") + "hello");
        assertEquals(List.of("head CONNECT example.com:443 HTTP/1.1 NONE keep-alive expect=NONE upgrade=false",
                "header Host: example.com:443", "header Content-Length: 5", "end", "pass hello"), log);
    }

    @Test
    void readsBodyOfGetWithContentLength() {
        assertEquals(List.of("head GET / HTTP/1.1 CONTENT_LENGTH 3 keep-alive expect=NONE upgrade=false",
                        "header Host: a", "header Content-Length: 3", "body abc", "end"),
                decodeAllSplits(head("GET / HTTP/1.1", "Host: a", "Content-Length: 3") + "abc"));
    }

    @Test
    void ignoresContentLengthInTrailers() {
        String input = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked")
                + "3\r\nabc\r\n0\r\nContent-Length: 5\r\n\r\n"
                + head("GET /next HTTP/1.1", "Host: a");
        assertEquals(List.of("head POST / HTTP/1.1 CHUNKED keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Transfer-Encoding: chunked", "body abc", "end", "trailer Content-Length: 5",
                "head GET /next HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                decodeAllSplits(input));
    }

    @Test
    void ignoresTransferEncodingInTrailers() {
        String input = head("POST / HTTP/1.1", "Host: a", "Content-Length: 0")
                + head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked")
                + "0\r\nTransfer-Encoding: chunked\r\n\r\n"
                + head("GET /next HTTP/1.1", "Host: a");
        assertEquals(List.of("head POST / HTTP/1.1 CONTENT_LENGTH 0 keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Content-Length: 0", "end",
                "head POST / HTTP/1.1 CHUNKED keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Transfer-Encoding: chunked", "end", "trailer Transfer-Encoding: chunked",
                "head GET /next HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                decodeAllSplits(input));
    }
}
