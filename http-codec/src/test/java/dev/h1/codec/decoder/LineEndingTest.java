package dev.h1.codec.decoder;

import dev.h1.codec.DecodeFailure;
import dev.h1.codec.ParseError;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.assertEndsWithFailureStatus;
import static dev.h1.testing.EventLogAssertions.assertHeadRejectedWithStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * RFC 9112 §2.2: lines end in CRLF. A bare CR or a bare LF anywhere in the head or in the chunked framing is rejected
 * (no leniency: lenient line endings are a request smuggling vector).
 */
class LineEndingTest {

    private static final String CHUNKED_HEAD = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    static Stream<Arguments> headsWithBareCrOrLf() {
        return Stream.of(
                arguments("GET / HTTP/1.1\nHost: a\r\n\r\n"),        // 0: bare LF after the request line
                arguments("GET / HTTP/1.1\rHost: a\r\n\r\n"),        // 1: bare CR after the request line
                arguments("GET / HTTP/1.1\r\r\nHost: a\r\n\r\n"),    // 2: CR CR LF after the request line
                arguments("GET /\r HTTP/1.1\r\nHost: a\r\n\r\n"),    // 3: bare CR inside the request line
                arguments("GET /\n HTTP/1.1\r\nHost: a\r\n\r\n"),    // 4: bare LF inside the request line
                arguments("GET / HTTP/1.1\r\nHost: a\n\r\n"),        // 5: bare LF after a field line
                arguments("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n"),    // 6: CR CR LF after a field line
                arguments("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n"),// 7: bare CR between two fields
                arguments("GET / HTTP/1.1\r\nHost: a\r\n\n"),        // 8: bare LF as the empty line
                arguments("GET / HTTP/1.1\r\nHost: a\r\n\rX"),       // 9: bare CR as the empty line
                arguments("GET / HTTP/1.1\r\nHost: a\r\nX: b\n\n"),  // 10: LF LF ends the head
                arguments("GET / HTTP/1.1\n\n")                      // 11: no CR anywhere
        );
    }

    @ParameterizedTest
    @MethodSource("headsWithBareCrOrLf")
    void rejectsBareCrOrLfInTheHead(String input) {
        assertHeadRejectedWithStatus(decodeAllSplits(input), 400);
    }

    static Stream<Arguments> chunkFramingWithBareCrOrLf() {
        return Stream.of(
                arguments("5\nhello\r\n0\r\n\r\n"),       // 0: bare LF after the chunk size
                arguments("5\rhello\r\n0\r\n\r\n"),       // 1: bare CR after the chunk size
                arguments("5\r\nhello\n0\r\n\r\n"),       // 2: bare LF after the chunk data
                arguments("5\r\nhello\r0\r\n\r\n"),       // 3: bare CR after the chunk data
                arguments("5\r\nhello\r\n0\n\r\n"),       // 4: bare LF after the last chunk
                arguments("5\r\nhello\r\n0\r\n\n"),       // 5: bare LF as the empty line after the last chunk
                arguments("5\r\nhello\r\n0\r\nX: y\n\r\n"),// 6: bare LF after a trailer field
                arguments("5;a=b\n\r\nhello\r\n0\r\n\r\n") // 7: bare LF after a chunk extension
        );
    }

    @ParameterizedTest
    @MethodSource("chunkFramingWithBareCrOrLf")
    void rejectsBareCrOrLfInTheChunkedFraming(String body) {
        List<String> log = decodeAllSplits(CHUNKED_HEAD + body);
        assertEndsWithFailureStatus(log, 400);
    }

    /**
     * The failure names where the bad line ending was, and says the same on every connection: the three places'
     * failures are made once and shared by all decoders.
     */
    @Test
    void theFailureNamesThePlaceOnEveryConnection() {
        String[][] cases = {
                {"\rGET / HTTP/1.1\r\nHost: a\r\n\r\n", "bare CR in the request line"}, // as an empty line before it
                {"GET / HTTP/1.1\r\nHost: a\n\r\n", "bare LF in the field section"},
                {CHUNKED_HEAD + "5\rhello\r\n0\r\n\r\n", "bare CR in the chunked framing"},
        };
        for (String[] c : cases) {
            for (int connection = 0; connection < 2; connection++) {
                assertEquals(c[1], failureDetail(c[0]), c[1] + ", connection " + connection);
            }
        }
    }

    private static String failureDetail(String input) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder());
        channel.writeInbound(Unpooled.copiedBuffer(input, java.nio.charset.StandardCharsets.ISO_8859_1));
        Object last = null;
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            ReferenceCountUtil.release(last);
            last = msg;
        }
        channel.finishAndReleaseAll();
        DecodeFailure failure = assertInstanceOf(DecodeFailure.class, last);
        assertEquals(ParseError.BAD_LINE_ENDING, failure.error());
        return failure.detail();
    }
}
