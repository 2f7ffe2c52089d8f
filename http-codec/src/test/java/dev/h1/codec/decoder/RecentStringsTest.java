package dev.h1.codec.decoder;

import dev.h1.codec.Headers;
import dev.h1.codec.RequestHead;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A string is reused only for exactly the same bytes in the same place; every other string is made anew. */
class RecentStringsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void reusesTheLastStringOfASlotForTheSameBytesAtAnyOffset() {
        RecentStrings recent = new RecentStrings();
        String first = recent.toString(3, bytes("Mozilla/5.0"), 0, 11);
        assertEquals("Mozilla/5.0", first);
        assertSame(first, recent.toString(3, bytes("xxMozilla/5.0yy"), 2, 11));
    }

    @Test
    void makesANewStringForOtherBytesAndRemembersIt() {
        RecentStrings recent = new RecentStrings();
        String first = recent.toString(1, bytes("abc"), 0, 3);
        String sameLength = recent.toString(1, bytes("abd"), 0, 3);
        assertEquals("abd", sameLength);
        String prefix = recent.toString(1, bytes("abdx"), 0, 2);
        assertEquals("ab", prefix);
        String longer = recent.toString(1, bytes("abdx"), 0, 4);
        assertEquals("abdx", longer);
        assertSame(longer, recent.toString(1, bytes("abdx"), 0, 4));
        assertNotSame(first, recent.toString(1, bytes("abc"), 0, 3), "only the last string of a slot is kept");
        assertEquals("\u00e9\u00ff", recent.toString(1, new byte[] {(byte) 0xE9, (byte) 0xFF}, 0, 2), "obs-text");
    }

    @Test
    void keepsSlotsApart() {
        RecentStrings recent = new RecentStrings();
        String target = recent.toString(RecentStrings.TARGET, bytes("/a"), 0, 2);
        String value = recent.toString(RecentStrings.fieldSlot(0), bytes("/a"), 0, 2);
        assertNotSame(target, value);
        assertSame(target, recent.toString(RecentStrings.TARGET, bytes("/a"), 0, 2));
        assertSame(value, recent.toString(RecentStrings.fieldSlot(0), bytes("/a"), 0, 2));
    }

    @Test
    void remembersNoLongStringsAndNoFieldsBeyondTheSlots() {
        RecentStrings recent = new RecentStrings();
        byte[] longest = bytes("v".repeat(RecentStrings.MAX_LENGTH));
        assertSame(recent.toString(2, longest, 0, longest.length), recent.toString(2, longest, 0, longest.length));
        byte[] tooLong = bytes("v".repeat(RecentStrings.MAX_LENGTH + 1));
        String once = recent.toString(2, tooLong, 0, tooLong.length);
        assertEquals(tooLong.length, once.length());
        assertNotSame(once, recent.toString(2, tooLong, 0, tooLong.length));
        int beyond = RecentStrings.fieldSlot(RecentStrings.FIELD_SLOTS);
        assertNotSame(recent.toString(beyond, bytes("x"), 0, 1), recent.toString(beyond, bytes("x"), 0, 1));
        int last = RecentStrings.fieldSlot(RecentStrings.FIELD_SLOTS - 1);
        assertSame(recent.toString(last, bytes("x"), 0, 1), recent.toString(last, bytes("x"), 0, 1));
    }

    /** A connection's repeated target and values come out as the same instances; changed ones are new and right. */
    @Test
    void decodesRepeatedTargetsAndValuesOfAConnectionAsTheSameStrings() {
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
        assertSame(firstFields.value(0), secondFields.value(0));
        assertSame(firstFields.value(1), secondFields.value(1));
        assertEquals("/plaintexT", third.target());
        assertSame(firstFields.value(0), third.headers().value(0));
        assertEquals("2", third.headers().value(1));
    }
}
