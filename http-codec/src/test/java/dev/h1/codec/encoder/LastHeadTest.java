package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EncoderConfig;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseHead;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.assertRefused;
import static dev.h1.codec.encoder.Wire.content;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A head made of the same instances as the last one is copied whole ({@link LastHead}); anything that differs is
 * written the long way, so the bytes, the framing and every refusal stay what they would be without it.
 */
class LastHeadTest {

    private static final String OK_3 = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n" + DATE
            + "\r\n";

    @Test
    void writesTheSameHeadAgainWithTheSameBytesAndCountsItsBodyAnew() {
        Headers fields = new Headers().add("Content-Type", "text/plain").add("Content-Length", "3");
        ResponseHead head = new ResponseHead(200, null, fields, "GET", HttpVersion.HTTP_1_1);
        EmbeddedChannel channel = Wire.channel();
        for (int i = 0; i < 3; i++) {
            channel.writeOutbound(head, content("abc"), EndOfResponse.NO_TRAILERS);
            assertEquals(OK_3 + "abc", drain(channel));
        }
        // The remembered length is declared anew: a fourth byte is still refused, and the connection closes.
        channel.write(head);
        channel.write(content("abc"));
        ChannelFuture tooLong = channel.write(content("d"));
        channel.flush();
        assertRefused(EncodeError.BODY_TOO_LONG, tooLong);
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void writesAHeadWhoseFieldsChangedInPlaceTheLongWay() {
        Headers fields = new Headers().add("Content-Type", "text/plain").add("Content-Length", "3");
        ResponseHead head = new ResponseHead(200, null, fields, "GET", HttpVersion.HTTP_1_1);
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head, content("abc"), EndOfResponse.NO_TRAILERS);
        assertEquals(OK_3 + "abc", drain(channel));
        fields.set("Content-Length", "2");
        channel.writeOutbound(head, content("ab"), EndOfResponse.NO_TRAILERS);
        assertEquals(OK_3.replace("Length: 3", "Length: 2") + "ab", drain(channel));
        fields.set("Content-Length", "1\r\nX: y");
        ChannelFuture refused = channel.write(head);
        channel.flush();
        assertRefused(EncodeError.INVALID_CONTENT_LENGTH, refused);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesAHeadOfEqualButDistinctStringsWithTheSameBytes() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Type", "text/plain", "Content-Length", "3"), content("abc"),
                EndOfResponse.NO_TRAILERS);
        assertEquals(OK_3 + "abc", drain(channel));
        channel.writeOutbound(head(200, new String("Content-Type".toCharArray()),
                new String("text/plain".toCharArray()), "Content-Length", new String("3".toCharArray())),
                content("abc"), EndOfResponse.NO_TRAILERS);
        assertEquals(OK_3 + "abc", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void framesTheSameFieldsAnewForAnotherRequestMethodVersionOrStatus() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "3"), content("abc"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + DATE + "\r\nabc", drain(channel));
        // HEAD: no body, so content is refused though the fields are the same instances.
        channel.write(head("HEAD", HttpVersion.HTTP_1_1, 200, "Content-Length", "3"));
        ChannelFuture refused = channel.write(content("abc"));
        channel.writeOutbound(EndOfResponse.NO_TRAILERS);
        assertRefused(EncodeError.BODY_NOT_ALLOWED, refused);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + DATE + "\r\n", drain(channel));
        // No length: chunked for HTTP/1.1, close-delimited for HTTP/1.0, each announced by the encoder.
        channel.writeOutbound(head(200), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n0\r\n\r\n", drain(channel));
        channel.writeOutbound(head(404), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n0\r\n\r\n",
                drain(channel));
        channel.writeOutbound(head("GET", HttpVersion.HTTP_1_0, 404), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 404 Not Found\r\nConnection: close\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void writesTheDateOfTheNewSecondInTheSameHead() {
        TestClock clock = new TestClock(TestClock.RFC_EXAMPLE_MILLIS);
        EmbeddedChannel channel = Wire.channel(EncoderConfig.builder().clock(clock).build());
        ResponseHead head = head(204);
        channel.writeOutbound(head, EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n", drain(channel));
        clock.advanceMillis(1000);
        channel.writeOutbound(head, EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:38 GMT\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void putsTheDateOfTheNewSecondInTheRememberedHeadBeforeTheEncodersOtherLines() {
        // The Date line goes after the framing and Server lines the encoder adds: each must stay where it was.
        TestClock clock = new TestClock(TestClock.RFC_EXAMPLE_MILLIS);
        EmbeddedChannel channel = Wire.channel(EncoderConfig.builder().server("h1").clock(clock).build());
        ResponseHead head = head(200, "Content-Type", "text/plain");
        String first = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nServer: h1\r\n";
        for (int second = 37; second <= 39; second++) {
            channel.writeOutbound(head, content("abc"), EndOfResponse.NO_TRAILERS);
            assertEquals(first + "Date: Sun, 06 Nov 1994 08:49:" + second + " GMT\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                    drain(channel));
            clock.advanceMillis(1000);
        }
        assertFalse(channel.finishAndReleaseAll());
    }

    /** Heads of every framing the encoder adds lines for, each written again in later seconds. */
    static Stream<ResponseHead> headsOfEveryFraming() {
        return Stream.of(
                head(200, "Content-Length", "0"),
                head(200, "Content-Type", "text/plain"),
                head(204),
                head(304, "ETag", "\"v1\""),
                head("HEAD", HttpVersion.HTTP_1_1, 200, "Content-Length", "5"),
                head("GET", HttpVersion.HTTP_1_0, 200, "Content-Length", "0", "Connection", "keep-alive"),
                head(200, "Content-Length", "0", "Server", "own"));
    }

    @ParameterizedTest
    @MethodSource("headsOfEveryFraming")
    void writesTheSameBytesInEachNewSecondAsAFreshEncoder(ResponseHead head) {
        for (String server : new String[] {null, "h1"}) {
            TestClock clock = new TestClock(TestClock.RFC_EXAMPLE_MILLIS);
            EmbeddedChannel remembering = Wire.channel(EncoderConfig.builder().server(server).clock(clock).build());
            for (int second = 0; second < 3; second++) {
                remembering.writeOutbound(head, EndOfResponse.NO_TRAILERS);
                EmbeddedChannel fresh = Wire.channel(EncoderConfig.builder().server(server)
                        .clock(new TestClock(clock.millis())).build());
                fresh.writeOutbound(head, EndOfResponse.NO_TRAILERS);
                assertEquals(drain(fresh), drain(remembering), "second " + second + ", server " + server);
                assertFalse(fresh.finishAndReleaseAll());
                clock.advanceMillis(1000);
            }
            assertFalse(remembering.finishAndReleaseAll());
        }
    }

    @Test
    void replacesOnlyADateLineOfTheEncodersOwn() {
        byte[] date = DateCache.line(TestClock.RFC_EXAMPLE_MILLIS);
        byte[] next = DateCache.line(TestClock.RFC_EXAMPLE_MILLIS + 1000);
        String encoded = "HTTP/1.1 204 No Content\r\n" + DATE + "\r\n";
        LastHead last = new LastHead();
        last.remember(head(204), date, false, NoBody.INSTANCE, WireConstants.ascii(encoded), encoded.length());
        assertTrue(last.redate(next));
        assertEquals("HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:38 GMT\r\n\r\n",
                new String(last.bytes(), 0, last.length(), StandardCharsets.ISO_8859_1));
        assertTrue(last.date() == next);
        // A head with its own Date field keeps it; a head remembered without a Date line has none to replace.
        last.remember(head(204, "Date", "x"), date, true, NoBody.INSTANCE, WireConstants.ascii(encoded),
                encoded.length());
        assertFalse(last.redate(next));
        last.remember(head(204), null, false, NoBody.INSTANCE, WireConstants.ascii(encoded), encoded.length());
        assertFalse(last.redate(next));
    }

    @Test
    void readsNoClockForAHeadLikeTheLastThatHasItsOwnDate() {
        TestClock clock = new TestClock(TestClock.RFC_EXAMPLE_MILLIS);
        EmbeddedChannel channel = Wire.channel(EncoderConfig.builder().clock(clock).build());
        String own = "HTTP/1.1 204 No Content\r\nDate: Sat, 05 Dec 2026 12:00:00 GMT\r\n\r\n";
        ResponseHead head = head(204, "Date", "Sat, 05 Dec 2026 12:00:00 GMT");
        channel.writeOutbound(head, EndOfResponse.NO_TRAILERS);
        assertEquals(own, drain(channel));
        int readsForTheFirst = clock.reads();
        clock.advanceMillis(5_000);
        channel.writeOutbound(head, EndOfResponse.NO_TRAILERS);
        assertEquals(own, drain(channel));
        assertEquals(readsForTheFirst, clock.reads());
        // A head without its own Date is given the clock's, read anew.
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:42 GMT\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    /**
     * Every keep-alive connection keeps the remembered bytes, so their array is made for the head, not for the largest
     * head remembered, and grows for a longer one.
     */
    @Test
    void keepsAnArrayMadeForTheHeadAndGrowsItForALongerOne() {
        LastHead last = new LastHead();
        ResponseHead head = head(204);
        last.remember(head, null, false, NoBody.INSTANCE, new byte[100], 100);
        assertTrue(last.bytes().length >= 100 && last.bytes().length <= 140, "array of " + last.bytes().length);
        last.remember(head, null, false, NoBody.INSTANCE, new byte[500], 500);
        assertTrue(last.bytes().length >= 500 && last.bytes().length <= 540, "array of " + last.bytes().length);
        assertEquals(500, last.length());
    }

    /** Heads unlike the last of growing and shrinking lengths, each written twice: the second from the copy. */
    @Test
    void writesHeadsOfChangingLengthsAgainWithTheSameBytes() {
        EmbeddedChannel channel = Wire.channel();
        for (int length : new int[] {0, 300, 40, 900, 10}) {
            ResponseHead head = head(200, "Content-Length", "0", "X-Pad", "p".repeat(length + 1));
            String expected = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: " + "p".repeat(length + 1) + "\r\n" + DATE
                    + "\r\n";
            for (int i = 0; i < 2; i++) {
                channel.writeOutbound(head, EndOfResponse.NO_TRAILERS);
                assertEquals(expected, drain(channel), "X-Pad of " + (length + 1) + ", time " + (i + 1));
            }
        }
        assertFalse(channel.finishAndReleaseAll());
    }

    /** Heads of fewer and more fields than the last, each written twice: the second from the copy. */
    @Test
    void writesHeadsOfChangingFieldCountsAgainWithTheSameBytes() {
        EmbeddedChannel channel = Wire.channel();
        for (int count : new int[] {1, 12, 3, LastHead.MAX_FIELDS, 2}) {
            String[] fields = new String[2 * count];
            StringBuilder expected = new StringBuilder("HTTP/1.1 200 OK\r\n");
            fields[0] = "Content-Length";
            fields[1] = "0";
            expected.append("Content-Length: 0\r\n");
            for (int i = 1; i < count; i++) {
                fields[2 * i] = "X-F" + i;
                fields[2 * i + 1] = "v" + i;
                expected.append("X-F").append(i).append(": v").append(i).append("\r\n");
            }
            expected.append(DATE).append("\r\n");
            ResponseHead head = head(200, fields);
            for (int i = 0; i < 2; i++) {
                channel.writeOutbound(head, EndOfResponse.NO_TRAILERS);
                assertEquals(expected.toString(), drain(channel), count + " fields, time " + (i + 1));
            }
        }
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesTheLastHeadAgainAfterARefusedOneAndHeadsTooLargeToRemember() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "0"), EndOfResponse.NO_TRAILERS);
        ChannelFuture refused = channel.write(head(200, "Content-Length", "0", "X-Bad", "a\nb"));
        assertRefused(EncodeError.INVALID_FIELD_VALUE, refused);
        channel.writeOutbound(head(200, "Content-Length", "0"), EndOfResponse.NO_TRAILERS);
        String small = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + DATE + "\r\n";
        assertEquals(small + small, drain(channel));
        String big = "v".repeat(LastHead.MAX_BYTES);
        String[] many = new String[2 * (LastHead.MAX_FIELDS + 1)];
        for (int i = 0; i < many.length; i += 2) {
            many[i] = "X-F" + i;
            many[i + 1] = "v";
        }
        for (int i = 0; i < 2; i++) {
            channel.writeOutbound(head(200, "Content-Length", "0", "X-Big", big), EndOfResponse.NO_TRAILERS);
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Big: " + big + "\r\n" + DATE + "\r\n",
                    drain(channel));
            ResponseHead manyFields = head(204, many);
            channel.writeOutbound(manyFields, EndOfResponse.NO_TRAILERS);
            String text = drain(channel);
            assertTrue(text.startsWith("HTTP/1.1 204 No Content\r\nX-F0: v\r\n"), text);
            assertTrue(text.endsWith("X-F32: v\r\n" + DATE + "\r\n"), text);
        }
        assertFalse(channel.finishAndReleaseAll());
    }
}
