package dev.h1.codec.decoder;

import dev.h1.codec.DecodeFailure;
import dev.h1.codec.DecoderConfig;
import dev.h1.codec.ParseError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.assertEndsWithFailure;
import static dev.h1.testing.EventLogAssertions.assertHeadRejected;
import static dev.h1.testing.EventLogAssertions.assertHeadRejectedWithStatus;
import static dev.h1.testing.EventLogAssertions.assertNoFailure;
import static dev.h1.testing.Wire.head;
import static dev.h1.testing.Wire.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every limit of {@link DecoderConfig}: at the limit accepted, one byte (or field) over rejected with its status, and
 * rejected as soon as the budget is exhausted, without buffering much more than the limit.
 */
class LimitsTest {

    private static final String GET_HEAD = "head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=false";
    private static final String REQUEST_LINE_SUFFIX = " HTTP/1.1";
    private static final String CHUNKED_HEAD = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked");

    /** A request line of exactly {@code length} bytes (without CRLF) whose target is {@code /aaa...}. */
    private static String requestLineOfLength(int length) {
        return "GET /" + repeat('a', length - "GET /".length() - REQUEST_LINE_SUFFIX.length()) + REQUEST_LINE_SUFFIX;
    }

    /** A header section of exactly {@code bytes} bytes: {@code Host: a}, one padded field, and the empty line. */
    private static String headWithSectionOf(int bytes) {
        // "Host: a\r\n" (9) + "X: " + padding + "\r\n" (5 + padding) + "\r\n" (2)
        return head("GET / HTTP/1.1", "Host: a", "X: " + repeat('v', bytes - 16));
    }

    // --- maxRequestLineBytes ---

    @Test
    void acceptsRequestLineOfExactlyMaxRequestLineBytes() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        String line = requestLineOfLength(32);
        assertEquals(32, line.length());
        List<String> log = decodeAllSplits(config, head(line, "Host: a"));
        assertEquals(List.of("head " + line + " NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                log);
    }

    @Test
    void answersTargetThatMakesTheRequestLineOneByteTooLongWith414() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        assertHeadRejected(decodeAllSplits(config, head(requestLineOfLength(33), "Host: a")), ParseError.URI_TOO_LONG);
    }

    @Test
    void answersMethodThatMakesTheRequestLineTooLongWith400() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        assertHeadRejectedWithStatus(decodeAllSplits(config, head(repeat('M', 33) + " / HTTP/1.1", "Host: a")), 400);
    }

    @Test
    void rejectsLongTargetBeforeTheLineEnds() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        assertHeadRejected(decodeAllSplits(config, "GET /" + repeat('a', 100)), ParseError.URI_TOO_LONG);
    }

    @Test
    void rejectsLongTargetOnceTheLineIsTwoBytesOverTheLimitWithoutCrlf() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        String lineStart = "GET /" + repeat('a', 29);
        assertEquals(34, lineStart.length());
        assertHeadRejected(decodeAllSplits(config, lineStart), ParseError.URI_TOO_LONG);
    }

    @Test
    void rejectsLongMethodBeforeTheLineEnds() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        assertHeadRejectedWithStatus(decodeAllSplits(config, repeat('M', 100)), 400);
    }

    @Test
    void waitsForTheLfOfARequestLineOfExactlyTheLimit() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        assertEquals(List.of(), decodeAllSplits(config, requestLineOfLength(32) + "\r"));
    }

    @Test
    void doesNotCountEmptyLinesBeforeTheRequestLine() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        List<String> log = decodeAllSplits(config, "\r\n".repeat(40) + head(requestLineOfLength(32), "Host: a"));
        assertNoFailure(log);
        assertEquals("end", log.get(log.size() - 1));
    }

    @Test
    void acceptsRequestLineOfExactlyTheDefaultLimit() {
        String line = requestLineOfLength(DecoderConfig.DEFAULT_MAX_REQUEST_LINE_BYTES);
        List<String> log = decodeAllSplits(head(line, "Host: a"));
        assertEquals(List.of("head " + line + " NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                log);
    }

    @Test
    void answersTargetOneByteOverTheDefaultLimitWith414() {
        String line = requestLineOfLength(DecoderConfig.DEFAULT_MAX_REQUEST_LINE_BYTES + 1);
        assertHeadRejected(decodeAllSplits(head(line, "Host: a")), ParseError.URI_TOO_LONG);
    }

    @Test
    void answersA9000ByteMethodWith400UnderTheDefaultLimit() {
        assertHeadRejectedWithStatus(decodeAllSplits(head(repeat('M', 9000) + " / HTTP/1.1", "Host: a")), 400);
    }

    @Test
    void rejectsAOneMebibyteTargetWithinTheFirstPiecesWithoutHoldingIt() {
        byte[] line = ("GET /" + repeat('a', (1 << 20) - 5)).getBytes(StandardCharsets.US_ASCII);
        assertRejectedEarlyWithoutBuffering(DecoderConfig.defaults(), line, ParseError.URI_TOO_LONG);
    }

    // --- maxHeaderSectionBytes ---

    @Test
    void acceptsHeaderSectionOfExactlyMaxHeaderSectionBytes() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderSectionBytes(64).build();
        List<String> log = decodeAllSplits(config, headWithSectionOf(64));
        assertEquals(List.of(GET_HEAD, "header Host: a", "header X: " + repeat('v', 48), "end"), log);
    }

    @Test
    void rejectsHeaderSectionOneByteOverMaxHeaderSectionBytes() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderSectionBytes(64).build();
        assertHeadRejected(decodeAllSplits(config, headWithSectionOf(65)), ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void rejectsLongFieldLineBeforeItEnds() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderSectionBytes(64).build();
        assertHeadRejected(decodeAllSplits(config, "GET / HTTP/1.1\r\nHost: a\r\nX: " + repeat('v', 200)),
                ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void rejectsManySmallFieldsOverTheSectionBudgetBeforeTheSectionEnds() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderSectionBytes(64).build();
        assertHeadRejected(decodeAllSplits(config, "GET / HTTP/1.1\r\nHost: a\r\n" + "X: y\r\n".repeat(20)),
                ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void acceptsHeaderSectionOfExactlyTheDefaultLimit() {
        List<String> log = decodeAllSplits(headWithSectionOf(DecoderConfig.DEFAULT_MAX_HEADER_SECTION_BYTES));
        assertNoFailure(log);
        assertEquals("end", log.get(log.size() - 1));
    }

    @Test
    void rejectsHeaderSectionOneByteOverTheDefaultLimit() {
        assertHeadRejected(decodeAllSplits(headWithSectionOf(DecoderConfig.DEFAULT_MAX_HEADER_SECTION_BYTES + 1)),
                ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void rejectsAOneMebibyteFieldLineWithinTheFirstPiecesWithoutHoldingIt() {
        byte[] head = ("GET / HTTP/1.1\r\nHost: a\r\nX: " + repeat('v', (1 << 20) - 26))
                .getBytes(StandardCharsets.US_ASCII);
        assertRejectedEarlyWithoutBuffering(DecoderConfig.defaults(), head, ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    /**
     * Feeds {@code input} in 64 KiB pieces, as a socket would. The failure must come by the second piece (the limit
     * is below one piece), and every piece must be released as soon as it was read: the decoder holds on to nothing,
     * so it cannot have buffered the line.
     */
    private static void assertRejectedEarlyWithoutBuffering(DecoderConfig config, byte[] input, ParseError error) {
        int pieceSize = 64 * 1024;
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(config));
        List<ByteBuf> written = new ArrayList<>();
        List<Object> read = new ArrayList<>();
        int failedAtPiece = -1;
        for (int offset = 0, piece = 1; offset < input.length; offset += pieceSize, piece++) {
            int end = Math.min(input.length, offset + pieceSize);
            ByteBuf buf = Unpooled.wrappedBuffer(Arrays.copyOfRange(input, offset, end));
            written.add(buf);
            channel.writeInbound(buf);
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                read.add(msg);
            }
            if (failedAtPiece < 0 && !read.isEmpty()) {
                failedAtPiece = piece;
            }
            if (failedAtPiece > 0) {
                for (ByteBuf each : written) {
                    assertEquals(0, each.refCnt(), "the decoder still holds a piece after failing at " + failedAtPiece);
                }
            }
        }
        try {
            assertTrue(failedAtPiece == 1 || failedAtPiece == 2, "failed at piece " + failedAtPiece);
            assertEquals(1, read.size(), () -> "messages: " + read);
            DecodeFailure failure = assertInstanceOf(DecodeFailure.class, read.get(0));
            assertEquals(error, failure.error());
        } finally {
            read.forEach(ReferenceCountUtil::release);
        }
        assertFalse(channel.finishAndReleaseAll(), "nothing after the failure, not even at EOF");
    }

    // --- maxHeaderCount ---

    private static String headWithFields(int count) {
        List<String> fields = new ArrayList<>();
        fields.add("Host: a");
        for (int i = 1; i < count; i++) {
            fields.add("X-" + i + ": v");
        }
        return head("GET / HTTP/1.1", fields.toArray(String[]::new));
    }

    @Test
    void acceptsExactlyMaxHeaderCountFields() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderCount(3).build();
        assertEquals(List.of(GET_HEAD, "header Host: a", "header X-1: v", "header X-2: v", "end"),
                decodeAllSplits(config, headWithFields(3)));
    }

    @Test
    void rejectsOneFieldMoreThanMaxHeaderCount() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderCount(3).build();
        assertHeadRejected(decodeAllSplits(config, headWithFields(4)), ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void acceptsExactlyTheDefaultHeaderCount() {
        List<String> log = decodeAllSplits(headWithFields(DecoderConfig.DEFAULT_MAX_HEADER_COUNT));
        assertEquals(DecoderConfig.DEFAULT_MAX_HEADER_COUNT + 2, log.size(), () -> "log: " + log);
        assertNoFailure(log);
    }

    @Test
    void rejectsOneFieldMoreThanTheDefaultHeaderCount() {
        assertHeadRejected(decodeAllSplits(headWithFields(DecoderConfig.DEFAULT_MAX_HEADER_COUNT + 1)),
                ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    // --- trailer section: same budgets, counted separately ---

    @Test
    void acceptsTrailerSectionOfExactlyMaxHeaderSectionBytesAfterAHeaderSectionOfTheSameSize() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderSectionBytes(64).build();
        // header: "Host: a\r\n" (9) + "Transfer-Encoding: chunked\r\n" (28) + "X: " + 20 + "\r\n" (25) + "\r\n" = 64
        String input = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "X: " + repeat('h', 20))
                // trailers: "T: " + 57 + "\r\n" (62) + "\r\n" = 64
                + "0\r\nT: " + repeat('t', 57) + "\r\n\r\n";
        List<String> log = decodeAllSplits(config, input);
        assertNoFailure(log);
        assertEquals("trailer T: " + repeat('t', 57), log.get(log.size() - 1));
    }

    @Test
    void rejectsTrailerSectionOneByteOverMaxHeaderSectionBytes() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderSectionBytes(64).build();
        String input = CHUNKED_HEAD + "0\r\nT: " + repeat('t', 58) + "\r\n\r\n";
        assertEndsWithFailure(decodeAllSplits(config, input), ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void rejectsLongTrailerLineBeforeItEnds() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderSectionBytes(64).build();
        String input = CHUNKED_HEAD + "0\r\nT: " + repeat('t', 200);
        assertEndsWithFailure(decodeAllSplits(config, input), ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void acceptsExactlyMaxHeaderCountTrailers() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderCount(3).build();
        List<String> log = decodeAllSplits(config, CHUNKED_HEAD + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
        assertNoFailure(log);
        assertEquals(List.of("end", "trailer A: 1", "trailer B: 2", "trailer C: 3"), log.subList(3, 7));
    }

    @Test
    void rejectsOneTrailerMoreThanMaxHeaderCount() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderCount(3).build();
        assertEndsWithFailure(decodeAllSplits(config, CHUNKED_HEAD + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"),
                ParseError.HEADER_FIELDS_TOO_LARGE);
    }

    // --- maxChunkLineBytes ---

    private static String chunkedWithSizeLine(String sizeLine) {
        return CHUNKED_HEAD + sizeLine + "\r\nhello\r\n0\r\n\r\n";
    }

    @Test
    void acceptsChunkLineOfExactlyMaxChunkLineBytes() {
        DecoderConfig config = DecoderConfig.builder().maxChunkLineBytes(16).build();
        List<String> log = decodeAllSplits(config, chunkedWithSizeLine("5;" + repeat('e', 14)));
        assertNoFailure(log);
        assertEquals(List.of("body hello", "end"), log.subList(3, 5));
    }

    @Test
    void rejectsChunkLineOneByteOverMaxChunkLineBytes() {
        DecoderConfig config = DecoderConfig.builder().maxChunkLineBytes(16).build();
        assertEndsWithFailure(decodeAllSplits(config, chunkedWithSizeLine("5;" + repeat('e', 15))),
                ParseError.BAD_CHUNK);
    }

    @Test
    void rejectsLongChunkLineBeforeItEnds() {
        DecoderConfig config = DecoderConfig.builder().maxChunkLineBytes(16).build();
        assertEndsWithFailure(decodeAllSplits(config, CHUNKED_HEAD + "5;" + repeat('e', 200)), ParseError.BAD_CHUNK);
    }

    @Test
    void acceptsChunkLineOfExactlyTheDefaultLimit() {
        List<String> log = decodeAllSplits(chunkedWithSizeLine(
                "5;" + repeat('e', DecoderConfig.DEFAULT_MAX_CHUNK_LINE_BYTES - 2)));
        assertNoFailure(log);
        assertEquals("end", log.get(log.size() - 1));
    }

    @Test
    void rejectsChunkLineOneByteOverTheDefaultLimit() {
        assertEndsWithFailure(decodeAllSplits(chunkedWithSizeLine(
                "5;" + repeat('e', DecoderConfig.DEFAULT_MAX_CHUNK_LINE_BYTES - 1))), ParseError.BAD_CHUNK);
    }

    @Test
    void appliesMaxChunkLineBytesToTheLastChunkToo() {
        DecoderConfig config = DecoderConfig.builder().maxChunkLineBytes(16).build();
        assertEndsWithFailure(decodeAllSplits(config, CHUNKED_HEAD + "0;" + repeat('e', 15) + "\r\n\r\n"),
                ParseError.BAD_CHUNK);
    }

    @Test
    void judgesABareLfJustPastTheChunkLineBudgetAlikeUnderEverySplit() {
        // The LF is the 18th byte of a 16-byte budget: inside the scan window (budget + CRLF) however it arrives.
        DecoderConfig config = DecoderConfig.builder().maxChunkLineBytes(16).build();
        assertEndsWithFailure(decodeAllSplits(config, CHUNKED_HEAD + "5;" + repeat('e', 15) + "\n"),
                ParseError.BAD_LINE_ENDING);
    }

    @Test
    void judgesABadMethodByteJustPastTheMethodBudgetAlikeUnderEverySplit() {
        // A 32-byte line leaves 21 bytes for the method; the 23rd byte is still judged as a method byte.
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(32).build();
        assertHeadRejected(decodeAllSplits(config, repeat('M', 22) + "@ / HTTP/1.1\r\n"), ParseError.BAD_METHOD);
    }

    // --- maxBodyBytes ---

    @Test
    void acceptsContentLengthOfExactlyMaxBodyBytes() {
        DecoderConfig config = DecoderConfig.builder().maxBodyBytes(10).build();
        List<String> log = decodeAllSplits(config,
                head("POST / HTTP/1.1", "Host: a", "Content-Length: 10") + "0123456789");
        assertEquals(List.of("body 0123456789", "end"), log.subList(log.size() - 2, log.size()));
        assertNoFailure(log);
    }

    @Test
    void answersContentLengthOneOverMaxBodyBytesWith413() {
        DecoderConfig config = DecoderConfig.builder().maxBodyBytes(10).build();
        assertEndsWithFailure(decodeAllSplits(config,
                head("POST / HTTP/1.1", "Host: a", "Content-Length: 11") + "0123456789X"),
                ParseError.CONTENT_TOO_LARGE);
    }

    @Test
    void acceptsAnyContentLengthWithTheDefaultMaxBodyBytes() {
        List<String> log = decodeAllSplits(head("POST / HTTP/1.1", "Host: a", "Content-Length: 9223372036854775807"));
        assertEquals("head POST / HTTP/1.1 CONTENT_LENGTH 9223372036854775807 keep-alive expect=NONE upgrade=false",
                log.get(0));
        assertNoFailure(log);
    }

    @Test
    void answersChunkedBodyOfManySmallChunksOverMaxBodyBytesWith413() {
        DecoderConfig config = DecoderConfig.builder().maxBodyBytes(10).build();
        List<String> log = decodeAllSplits(config, CHUNKED_HEAD + "1\r\nx\r\n".repeat(11) + "0\r\n\r\n");
        assertEndsWithFailure(log, ParseError.CONTENT_TOO_LARGE);
    }

    @Test
    void acceptsChunkedBodyOfManySmallChunksUpToMaxBodyBytes() {
        DecoderConfig config = DecoderConfig.builder().maxBodyBytes(10).build();
        List<String> log = decodeAllSplits(config, CHUNKED_HEAD + "1\r\nx\r\n".repeat(10) + "0\r\n\r\n");
        assertEquals(List.of("body " + repeat('x', 10), "end"), log.subList(3, 5));
    }
}
