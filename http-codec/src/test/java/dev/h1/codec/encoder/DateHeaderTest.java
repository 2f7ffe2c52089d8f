package dev.h1.codec.encoder;

import dev.h1.codec.EncoderConfig;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseHead;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** RFC 9110 §6.6.1: Date in IMF-fixdate (§5.6.7), formatted at most once per second per event loop; §10.2.4 Server. */
class DateHeaderTest {

    @Test
    void formatsImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", DateCache.imfFixdate(784_111_777L));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", DateCache.imfFixdate(0));
        assertEquals("Thu, 29 Feb 2024 23:59:59 GMT", DateCache.imfFixdate(1_709_251_199L));
        assertEquals("Fri, 31 Dec 9999 23:59:59 GMT", DateCache.imfFixdate(253_402_300_799L));
    }

    @Test
    void formatsAtMostOncePerSecond() {
        DateCache cache = new DateCache();
        byte[] first = cache.lineAt(784_111_777_000L);
        assertSame(first, cache.lineAt(784_111_777_999L));
        byte[] next = cache.lineAt(784_111_778_000L);
        assertNotSame(first, next);
        assertEquals("Date: Sun, 06 Nov 1994 08:49:38 GMT\r\n", new String(next, StandardCharsets.US_ASCII));
        assertSame(next, cache.lineAt(784_111_778_500L));
    }

    @Test
    void sharesOneLinePerEventLoopThread() {
        // An event loop is one thread; every encoder on it reads the same cached line within a second.
        assertSame(DateCache.line(1_000_000_123_000L), DateCache.line(1_000_000_123_456L));
    }

    @Test
    void addsDateFromTheConfiguredClockAndFollowsIt() {
        TestClock clock = new TestClock(TestClock.RFC_EXAMPLE_MILLIS);
        EmbeddedChannel channel = Wire.channel(EncoderConfig.builder().clock(clock).build());
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n", drain(channel));
        clock.advanceMillis(999);
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n", drain(channel));
        clock.advanceMillis(1);
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:38 GMT\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    /** Responses that leave together (written between two flushes) carry one Date: the clock is read once per flush. */
    @Test
    void readsTheClockOncePerFlush() {
        TestClock clock = new TestClock(TestClock.RFC_EXAMPLE_MILLIS);
        EmbeddedChannel channel = Wire.channel(EncoderConfig.builder().clock(clock).build());
        channel.write(head(204));
        channel.write(EndOfResponse.NO_TRAILERS);
        clock.advanceMillis(1000); // a second passes between the two pipelined answers: still one batch, one Date
        channel.write(head(204));
        channel.writeAndFlush(EndOfResponse.NO_TRAILERS);
        String once = "HTTP/1.1 204 No Content\r\n" + DATE + "\r\n";
        assertEquals(once + once, drain(channel));
        assertEquals(1, clock.reads());

        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:38 GMT\r\n\r\n", drain(channel));
        assertEquals(2, clock.reads(), "read again after the flush");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void keepsAGivenDate() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(204, "date", "Mon, 07 Nov 1994 08:49:37 GMT"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\ndate: Mon, 07 Nov 1994 08:49:37 GMT\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void addsNoDateToAHeadThatAsksForNone() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(new ResponseHead(204, null, new Headers(), "GET", HttpVersion.HTTP_1_1, false),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aHeadWithAnotherReasonKeepsItsDateChoice() {
        assertFalse(new ResponseHead(204, null, new Headers(), "GET", HttpVersion.HTTP_1_1, false)
                .withReason("Nothing").sendDate());
    }

    @Test
    void addsNoDateToInformationalResponses() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(new InformationalResponse(102, new Headers()));
        assertEquals("HTTP/1.1 102 Processing\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void addsTheConfiguredServerUnlessGiven() {
        EmbeddedChannel channel = Wire.channel(EncoderConfig.builder()
                .clock(new TestClock(TestClock.RFC_EXAMPLE_MILLIS)).server("h1/0.1").build());
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\nServer: h1/0.1\r\n" + DATE + "\r\n", drain(channel));
        channel.writeOutbound(head(204, "Server", "custom"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\nServer: custom\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void addsNoServerByDefault() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }
}
