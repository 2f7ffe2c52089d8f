package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Headers;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.h1.testing.DecoderHarness.decode;
import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.failure;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A line is reused only when exactly its bytes and a CRLF come again in the same place; a repeated line decodes as it
 * would have, limits included, and every other line is decoded anew.
 */
class RecentLinesTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RecentLines<String> remembering(int slot, String line) {
        RecentLines<String> recent = new RecentLines<>(2);
        recent.remember(slot, bytes("xx" + line), 2, line.length(), "decoded " + line);
        return recent;
    }

    @Test
    void matchesTheRememberedLineFollowedByCrlfAtAnyOffset() {
        RecentLines<String> recent = remembering(1, "Host: a");
        byte[] input = bytes("...Host: a\r\nnext");
        assertEquals(7, recent.match(1, input, 3, input.length - 3));
        assertEquals("decoded Host: a", recent.decoded(1));
        assertEquals(-1, recent.match(0, input, 3, input.length - 3), "another slot");
        assertEquals(-1, recent.match(2, input, 3, input.length - 3), "beyond the slots");
    }

    @Test
    void matchesNothingElse() {
        RecentLines<String> recent = remembering(0, "Host: a");
        for (String other : List.of("Host: b\r\n", "Host: ab\r\n", "Host: a \r\n", "Host: a\n\n", "Host: a\r\r",
                "host: a\r\n", "Host: \r\n")) {
            byte[] input = bytes(other);
            assertEquals(-1, recent.match(0, input, 0, input.length), other);
        }
        byte[] whole = bytes("Host: a\r\n");
        assertEquals(-1, recent.match(0, whole, 0, whole.length - 1), "the LF has not arrived");
        assertEquals(7, recent.match(0, whole, 0, whole.length));
    }

    @Test
    void keepsTheLastLineOfASlotUpToTheLongest() {
        RecentLines<String> recent = remembering(0, "Accept: */*");
        recent.remember(0, bytes("A: b"), 0, 4, "short");
        byte[] shorter = bytes("A: b\r\n");
        assertEquals(4, recent.match(0, shorter, 0, shorter.length), "a shorter line in the slot's array");
        assertEquals("short", recent.decoded(0));
        byte[] previous = bytes("Accept: */*\r\n");
        assertEquals(-1, recent.match(0, previous, 0, previous.length), "only the last line of a slot is kept");

        String longest = "X: " + "v".repeat(RecentLines.MAX_LENGTH - 3);
        assertTrue(recent.keeps(0, longest.length()));
        assertFalse(recent.keeps(0, longest.length() + 1));
        assertFalse(recent.keeps(2, 4), "beyond the slots");
        recent.remember(0, bytes(longest + "v"), 0, longest.length() + 1, "too long");
        assertEquals(4, recent.match(0, shorter, 0, shorter.length), "a line too long leaves the slot as it was");
    }

    /** A connection's repeated lines come out as the same strings; changed ones are new and right. */
    @Test
    void decodesRepeatedLinesOfAConnectionAsTheSameStrings() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder());
        String request = "GET /plaintext HTTP/1.1\r\nHost: tfb-server\r\nX-Id: 1\r\n\r\n";
        channel.writeInbound(Unpooled.copiedBuffer(request + request
                + "GET /plaintexT HTTP/1.1\r\nHost: tfb-server\r\nX-Id: 2\r\n\r\n", StandardCharsets.ISO_8859_1));
        RequestHead first = channel.readInbound();
        channel.readInbound(); // EndOfBody
        RequestHead second = channel.readInbound();
        channel.readInbound();
        RequestHead third = channel.readInbound();
        channel.finishAndReleaseAll();
        assertSame(first.target(), second.target());
        Headers firstFields = first.headers();
        Headers secondFields = second.headers();
        assertNotSame(firstFields, secondFields, "each request has its own list");
        assertSame(firstFields.name(1), secondFields.name(1));
        assertSame(firstFields.value(0), secondFields.value(0));
        assertSame(firstFields.value(1), secondFields.value(1));
        assertEquals("/plaintexT", third.target());
        assertSame(firstFields.value(0), third.headers().value(0));
        assertEquals("2", third.headers().value(1));
    }

    /** The same lines again decode to the same messages, however the input is split. */
    @Test
    void repeatedRequestsDecodeAsTheFirst() {
        String request = head("GET /a?b=c HTTP/1.1", "Host: example.com", "Connection: keep-alive",
                "Content-Length: 2") + "hi";
        List<String> one = List.of("head GET /a?b=c HTTP/1.1 CONTENT_LENGTH 2 keep-alive expect=NONE upgrade=false",
                "header Host: example.com", "header Connection: keep-alive", "header Content-Length: 2", "body hi",
                "end");
        List<String> log = decodeAllSplits(request + request + request);
        assertEquals(3 * one.size(), log.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(one, log.subList(i * one.size(), (i + 1) * one.size()));
        }
    }

    /** Lines the connections below are made of: near twins of each other, invalid ones, ones near the limits. */
    private static final String[] REQUEST_LINES = {"GET / HTTP/1.1", "GET /a?b=c HTTP/1.1", "GET /a?b=d HTTP/1.1",
        "get / HTTP/1.1", "GET / HTTP/1.2", "GET / HTTP/1.0", "GET  / HTTP/1.1", "GET /\u00e9 HTTP/1.1",
        "GET /" + "p".repeat(40) + " HTTP/1.1"};
    private static final String[] FIELD_LINES = {"Host: a", "Host: b", "Host:  a ", "host: a", "Host: a\tb",
        "Accept: */*", "Accept: */* ", "Connection: keep-alive", "Connection: Keep-Alive", "Content-Length: 0",
        "Content-Length: 00", "Cookie: a=b; c=d", "User-Agent: x\u00e9y", "Bad Name: x", "X: a\u0001b", "X:",
        "X-Long: " + "v".repeat(60), "X-Long: " + "v".repeat(61), "Expect: 100-continue", "TE: trailers"};

    /**
     * Whatever a connection repeats, changes a byte of or gets wrong, its requests decode on one decoder exactly as
     * each decodes alone on a fresh decoder, up to the first that ends the connection, however the input is split:
     * what {@link RecentLines} hands over is what decoding the line again would give. Seeded, so a failure repeats.
     */
    @Test
    void aConnectionsRequestsDecodeAsEachAloneWhateverItRepeats() {
        DecoderConfig config = DecoderConfig.builder().maxRequestLineBytes(60).maxHeaderSectionBytes(160)
                .maxHeaderCount(5).build();
        Random random = new Random(20261205);
        for (int connection = 0; connection < 60; connection++) {
            List<String> requests = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            String requestLine = REQUEST_LINES[0];
            int count = 2 + random.nextInt(4);
            for (int r = 0; r < count; r++) {
                if (r == 0 || random.nextInt(3) == 0) { // mostly a repeat of the previous request, sometimes new
                    requestLine = REQUEST_LINES[random.nextInt(REQUEST_LINES.length)];
                    fields = new ArrayList<>();
                    int size = 1 + random.nextInt(6);
                    for (int f = 0; f < size; f++) {
                        fields.add(FIELD_LINES[random.nextInt(FIELD_LINES.length)]);
                    }
                } else if (random.nextBoolean()) { // one byte of one line changed: a near twin, valid or not
                    fields = new ArrayList<>(fields);
                    int at = random.nextInt(fields.size() + 1);
                    if (at == fields.size()) {
                        requestLine = withOneByteChanged(requestLine, random);
                    } else {
                        fields.set(at, withOneByteChanged(fields.get(at), random));
                    }
                }
                requests.add(head(requestLine, fields.toArray(String[]::new)));
            }
            List<String> alone = new ArrayList<>();
            for (String request : requests) {
                List<String> log = decode(config, List.of(request.getBytes(StandardCharsets.ISO_8859_1)), false)
                        .stream().filter(line -> !line.equals("start")).toList();
                alone.addAll(log);
                boolean ends = log.stream().anyMatch(line -> line.startsWith("fail ")
                        || line.startsWith("head ") && line.contains(" close "));
                if (ends) {
                    break;
                }
            }
            String input = String.join("", requests);
            assertEquals(alone, decodeAllSplits(config, input), input);
        }
    }

    private static String withOneByteChanged(String line, Random random) {
        String replacements = "aZ0:/ \t\u0001\u00e9-";
        char[] chars = line.toCharArray();
        chars[random.nextInt(chars.length)] = replacements.charAt(random.nextInt(replacements.length()));
        return new String(chars);
    }

    /** A line repeated where the section has less budget left than before is judged by the budget left now. */
    @Test
    void aRepeatedLineStillCountsTowardsTheSectionLimit() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderSectionBytes(40).build();
        String fits = head("GET / HTTP/1.1", "Host: a", "X: 0123456789012345");
        String over = head("GET / HTTP/1.1", "Host: aaaaaaaaaaaaaaa", "X: 0123456789012345");
        List<String> log = decodeAllSplits(config, fits + over);
        assertEquals(List.of("head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a",
                "header X: 0123456789012345", "end", failure(ParseError.HEADER_FIELDS_TOO_LARGE)), log);
    }

    /** A line repeated beyond the section's count limit is refused as a new one would be. */
    @Test
    void aRepeatedLineStillCountsTowardsTheFieldCount() {
        DecoderConfig config = DecoderConfig.builder().maxHeaderCount(2).build();
        String two = head("GET / HTTP/1.1", "Host: a", "X: 1");
        String three = head("GET / HTTP/1.1", "Host: a", "X: 1", "X: 1");
        List<String> log = decodeAllSplits(config, two + three);
        assertEquals(List.of("head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a",
                "header X: 1", "end", failure(ParseError.HEADER_FIELDS_TOO_LARGE)), log);
    }

    /** A repeated Content-Length is still checked against the one before it in the same head. */
    @Test
    void aRepeatedLineKeepsItsMeaningForTheRulesOfTheHead() {
        String first = head("POST / HTTP/1.1", "Host: a", "Content-Length: 1") + "x";
        String twice = head("POST / HTTP/1.1", "Host: a", "Content-Length: 1", "Content-Length: 2") + "xy";
        List<String> log = decodeAllSplits(first + twice);
        assertEquals(List.of("head POST / HTTP/1.1 CONTENT_LENGTH 1 keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Content-Length: 1", "body x", "end",
                failure(ParseError.BAD_CONTENT_LENGTH)), log);
    }
}
