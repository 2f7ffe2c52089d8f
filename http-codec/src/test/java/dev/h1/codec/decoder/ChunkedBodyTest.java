package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
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
import static dev.h1.testing.EventLogAssertions.assertEndsWithFailureStatus;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The chunked transfer coding (RFC 9112 §7.1): {@code *chunk last-chunk trailer-section CRLF}, with chunk-size =
 * 1*HEXDIG, chunk extensions per §7.1.1, CRLF after each chunk's data and trailer fields per §7.1.2.
 */
class ChunkedBodyTest {

    private static final String CHUNKED_HEAD = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked");
    private static final List<String> HEAD_EVENTS = List.of(
            "head POST / HTTP/1.1 CHUNKED keep-alive expect=NONE upgrade=false",
            "header Host: a", "header Transfer-Encoding: chunked");

    private static List<String> events(String... more) {
        List<String> events = new ArrayList<>(HEAD_EVENTS);
        events.addAll(List.of(more));
        return events;
    }

    @Test
    void decodesChunksIntoOneBody() {
        assertEquals(events("body hello world", "end"),
                decodeAllSplits(CHUNKED_HEAD + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
    }

    @Test
    void decodesAnEmptyChunkedBody() {
        assertEquals(events("end"), decodeAllSplits(CHUNKED_HEAD + "0\r\n\r\n"));
    }

    @Test
    void passesChunkDataThroughUninterpreted() {
        assertEquals(events("body 0\r\n\r\n\n\r", "end"),
                decodeAllSplits(CHUNKED_HEAD + "7\r\n0\r\n\r\n\n\r\r\n0\r\n\r\n"));
    }

    static Stream<Arguments> validChunkSizes() {
        return Stream.of(
                arguments("a", 10),                      // 0: lower-case HEXDIG
                arguments("A", 10),                      // 1: upper-case HEXDIG
                arguments("0a", 10),                     // 2: a leading zero
                arguments("0000000000000000000a", 10),   // 3: leading zeros do not count towards overflow
                arguments("10", 16),                     // 4: two digits
                arguments("1F", 31)                      // 5: mixed
        );
    }

    @ParameterizedTest
    @MethodSource("validChunkSizes")
    void readsChunkSizeAsHexadecimal(String size, int length) {
        String data = "x".repeat(length);
        assertEquals(events("body " + data, "end"),
                decodeAllSplits(CHUNKED_HEAD + size + "\r\n" + data + "\r\n0\r\n\r\n"));
    }

    @Test
    void acceptsTheLargestChunkSizeThatFitsInALong() {
        assertEquals(events("body abc"), decodeAllSplits(CHUNKED_HEAD + "7fffffffffffffff\r\nabc"));
    }

    @Test
    void rejectsAChunkSizeOneAboveTheLargestLong() {
        assertEquals(events("fail 400 BAD_CHUNK"), decodeAllSplits(CHUNKED_HEAD + "8000000000000000\r\nabc"));
    }

    @Test
    void rejectsAChunkSizeThatWrapsAroundTo5In64Bits() {
        assertEquals(events("fail 400 BAD_CHUNK"), decodeAllSplits(CHUNKED_HEAD + "10000000000000005\r\nhello\r\n"));
    }

    @Test
    void acceptsLastChunkWithLeadingZeros() {
        assertEquals(events("body hello", "end"), decodeAllSplits(CHUNKED_HEAD + "5\r\nhello\r\n000\r\n\r\n"));
    }

    static Stream<Arguments> invalidChunkSizeLines() {
        return Stream.of(
                arguments("0x5"),                  // 0: hex prefix
                arguments("+5"),                   // 1: sign
                arguments("-5"),                   // 2: negative
                arguments(" 5"),                   // 3: leading SP
                arguments("5 "),                   // 4: trailing SP with no extension after it
                arguments(""),                     // 5: empty size line
                arguments("g"),                    // 6: not a HEXDIG
                arguments("5 junk"),               // 7: garbage after the size
                arguments("ffffffffffffffffff"),   // 8: 18 significant digits overflow a long
                arguments("10000000000000000"),    // 9: 17 significant digits overflow a long
                arguments("\t5")                   // 10: leading HTAB
        );
    }

    @ParameterizedTest
    @MethodSource("invalidChunkSizeLines")
    void rejectsChunkSizeThatIsNotHexdigits(String sizeLine) {
        assertEndsWithFailure(decodeAllSplits(CHUNKED_HEAD + sizeLine + "\r\nhello\r\n0\r\n\r\n"),
                ParseError.BAD_CHUNK);
    }

    static Stream<Arguments> validExtensions() {
        return Stream.of(
                arguments("5;name"),                       // 0: a name only
                arguments("5;name=value"),                 // 1: name = token
                arguments("5;name=\"quoted \\\"x\\\"\""),  // 2: name = quoted-string with quoted-pairs
                arguments("5 ; name = value"),             // 3: BWS around ';' and '='
                arguments("5\t;\tname\t=\tvalue"),         // 4: HTAB is BWS too
                arguments("5;a=1;b=2"),                    // 5: two extensions
                arguments("5;a=\"x;y=z\""),                // 6: ';' and '=' inside a quoted-string
                arguments("5;a=\"\""),                     // 7: an empty quoted-string
                arguments("5;!#$%&'*+-.^_`|~09AZaz")       // 8: every tchar in a name
        );
    }

    @ParameterizedTest
    @MethodSource("validExtensions")
    void acceptsAndIgnoresChunkExtensions(String sizeLine) {
        assertEquals(events("body hello", "end"), decodeAllSplits(CHUNKED_HEAD + sizeLine + "\r\nhello\r\n0\r\n\r\n"));
    }

    @Test
    void acceptsChunkExtensionOnTheLastChunk() {
        assertEquals(events("body hello", "end"),
                decodeAllSplits(CHUNKED_HEAD + "5\r\nhello\r\n0;done=1\r\n\r\n"));
    }

    static Stream<Arguments> invalidExtensions() {
        return Stream.of(
                arguments("5;"),                    // 0: ';' without a name
                arguments("5;=v"),                  // 1: a value without a name
                arguments("5;a="),                  // 2: '=' without a value
                arguments("5;a=\"unterminated"),    // 3: unterminated quoted-string
                arguments("5;a b"),                 // 4: two tokens without '='
                arguments("5;a=b c"),               // 5: garbage after a value
                arguments("5;a@=b"),                // 6: '@' is not a tchar
                arguments("5;a=\"\u0001\""),        // 7: a CTL inside a quoted-string
                arguments("5;a=\"x\\"),             // 8: a quoted-pair cut by the line end
                arguments("5;;a")                   // 9: an empty extension
        );
    }

    @ParameterizedTest
    @MethodSource("invalidExtensions")
    void rejectsMalformedChunkExtension(String sizeLine) {
        assertEndsWithFailure(decodeAllSplits(CHUNKED_HEAD + sizeLine + "\r\nhello\r\n0\r\n\r\n"),
                ParseError.BAD_CHUNK);
    }

    static Stream<Arguments> badChunkDataEndings() {
        return Stream.of(
                arguments("5\r\nhelloX\r\n0\r\n\r\n"),   // 0: a byte between the data and its CRLF
                arguments("5\r\nhello0\r\n\r\n"),        // 1: no CRLF after the data
                arguments("5\r\nhello\r\r\n0\r\n\r\n"),  // 2: CR CR LF after the data
                arguments("5\r\nhello \r\n0\r\n\r\n")    // 3: SP after the data
        );
    }

    @ParameterizedTest
    @MethodSource("badChunkDataEndings")
    void rejectsChunkDataNotFollowedByCrlf(String body) {
        List<String> log = decodeAllSplits(CHUNKED_HEAD + body);
        assertEndsWithFailureStatus(log, 400);
        assertEquals(events("body hello"), log.subList(0, log.size() - 1));
    }

    @Test
    void rejectsChunkDataFollowedByAnotherByteWithBadChunk() {
        assertEquals(events("body hello", "fail 400 BAD_CHUNK"),
                decodeAllSplits(CHUNKED_HEAD + "5\r\nhelloX\r\n0\r\n\r\n"));
    }

    @Test
    void emitsTrailersWithTheEndOfBody() {
        assertEquals(events("body hello", "end", "trailer Vary: *", "trailer X-Checksum: abc"),
                decodeAllSplits(CHUNKED_HEAD + "5\r\nhello\r\n0\r\nVary: *\r\nX-Checksum:  abc \r\n\r\n"));
    }

    @Test
    void treatsContentLengthInTrailersAsAnOrdinaryTrailer() {
        assertEquals(events("body hello", "end", "trailer Content-Length: 5"),
                decodeAllSplits(CHUNKED_HEAD + "5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n"));
    }

    static Stream<Arguments> badTrailers() {
        return Stream.of(
                arguments("Bad Name: x", ParseError.BAD_HEADER),        // 0: SP in the name
                arguments("X : y", ParseError.BAD_HEADER),              // 1: SP before the colon
                arguments(": y", ParseError.BAD_HEADER),                // 2: empty name
                arguments("X: a\u0000b", ParseError.BAD_HEADER),        // 3: NUL in the value
                arguments("X: a\u007Fb", ParseError.BAD_HEADER),        // 4: DEL in the value
                arguments(" X: y", ParseError.OBSOLETE_LINE_FOLDING),   // 5: a trailer line starting with SP
                arguments("NoColon", ParseError.BAD_HEADER)             // 6: no colon
        );
    }

    @ParameterizedTest
    @MethodSource("badTrailers")
    void rejectsTrailerThatBreaksTheFieldRules(String trailerLine, ParseError error) {
        assertEndsWithFailure(decodeAllSplits(CHUNKED_HEAD + "5\r\nhello\r\n0\r\n" + trailerLine + "\r\n\r\n"), error);
    }

    @Test
    void rejectsObsFoldInTrailers() {
        assertEndsWithFailure(decodeAllSplits(CHUNKED_HEAD + "0\r\nX: a\r\n b\r\n\r\n"),
                ParseError.OBSOLETE_LINE_FOLDING);
    }

    @Test
    void rejectsChunkedBodyLargerThanMaxBodyBytes() {
        DecoderConfig config = DecoderConfig.builder().maxBodyBytes(10).build();
        List<String> log = decodeAllSplits(config, CHUNKED_HEAD + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertEndsWithFailure(log, ParseError.CONTENT_TOO_LARGE);
        assertEquals(HEAD_EVENTS, log.subList(0, 3));
    }

    @Test
    void acceptsChunkedBodyOfExactlyMaxBodyBytes() {
        DecoderConfig config = DecoderConfig.builder().maxBodyBytes(10).build();
        assertEquals(events("body helloworld", "end"),
                decodeAllSplits(config, CHUNKED_HEAD + "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"));
    }

    @Test
    void streamsChunksLargerThanMaxBodyPieceBytesCompletely() {
        DecoderConfig config = DecoderConfig.builder().maxBodyPieceBytes(3).build();
        assertEquals(events("body 0123456789", "end"),
                decodeAllSplits(config, CHUNKED_HEAD + "a\r\n0123456789\r\n0\r\n\r\n"));
    }

    @Test
    void waitsForTheRestOfAChunkWithoutEmittingEnd() {
        assertEquals(events("body hel"), decodeAllSplits(CHUNKED_HEAD + "5\r\nhel"));
    }

    @Test
    void waitsForTheTrailerSectionToEndBeforeEmittingEnd() {
        assertEquals(events("body hello"), decodeAllSplits(CHUNKED_HEAD + "5\r\nhello\r\n0\r\nVary: *\r\n"));
    }
}
