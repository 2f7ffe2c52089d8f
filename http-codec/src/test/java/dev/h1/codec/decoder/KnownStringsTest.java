package dev.h1.codec.decoder;

import dev.h1.codec.Headers;
import dev.h1.codec.RequestHead;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Known methods, targets, field names and values come out of the decoder as the shared constants (no allocation per
 * request), only when the received bytes match exactly, case included; everything else is a new string of exactly the
 * received bytes.
 */
class KnownStringsTest {

    private static byte[] at(int offset, String text) {
        byte[] bytes = new byte[offset + text.length() + 3];
        System.arraycopy(text.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, offset, text.length());
        return bytes;
    }

    @Test
    void findsKnownStringsAtAnyOffsetAsTheSharedInstance() {
        for (int offset = 0; offset < 9; offset++) {
            assertSame("Content-Length", KnownStrings.FIELD_NAMES.find(at(offset, "Content-Length"), offset, 14));
            assertSame("content-length", KnownStrings.FIELD_NAMES.find(at(offset, "content-length"), offset, 14));
            assertSame("TE", KnownStrings.FIELD_NAMES.find(at(offset, "TE"), offset, 2));
            String gzip = "gzip, deflate, br";
            assertSame(gzip, KnownStrings.FIELD_VALUES.find(at(offset, gzip), offset, gzip.length()));
            assertSame("GET", KnownStrings.METHODS.find(at(offset, "GET"), offset, 3));
            assertSame("/", KnownStrings.TARGETS.find(at(offset, "/"), offset, 1));
        }
    }

    @Test
    void findsNothingForBytesThatDifferInCaseInOneByteOrInLength() {
        assertNull(KnownStrings.FIELD_NAMES.find(at(0, "CONTENT-LENGTH"), 0, 14), "other case");
        assertNull(KnownStrings.FIELD_NAMES.find(at(0, "Content-Lengtx"), 0, 14), "last byte");
        assertNull(KnownStrings.FIELD_NAMES.find(at(0, "Dontent-Length"), 0, 14), "first byte");
        assertNull(KnownStrings.FIELD_NAMES.find(at(0, "Content-Length"), 0, 13), "a prefix");
        assertNull(KnownStrings.FIELD_NAMES.find(at(0, "Content-Lengths"), 0, 15), "longer");
        assertNull(KnownStrings.FIELD_NAMES.find(at(0, "X".repeat(100)), 0, 100), "longer than every known one");
        assertNull(KnownStrings.METHODS.find(at(0, "get"), 0, 3), "methods are case-sensitive");
        assertNull(KnownStrings.FIELD_VALUES.find(new byte[] {'c', 'l', 'o', 's', (byte) 0xE5}, 0, 5), "obs-text");
    }

    @Test
    void makesANewStringOfExactlyTheReceivedBytesOtherwise() {
        byte[] bytes = at(3, "X-Custom\u00e9");
        assertEquals("X-Custom\u00e9", KnownStrings.FIELD_NAMES.toString(bytes, 3, 9));
        assertEquals("", KnownStrings.FIELD_VALUES.toString(bytes, 3, 0));
    }

    @Test
    void decodesKnownNamesAndValuesAsTheSharedInstances() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder());
        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n"
                + "accept-encoding: gzip\r\nX-Other: close\r\n\r\n", StandardCharsets.ISO_8859_1));
        RequestHead head = channel.readInbound();
        channel.releaseInbound();
        channel.finishAndReleaseAll();
        Headers fields = head.headers();
        assertSame("GET", head.method());
        assertSame("/", head.target());
        assertSame("Host", fields.name(0));
        assertSame("Connection", fields.name(1));
        assertSame("keep-alive", fields.value(1));
        assertSame("accept-encoding", fields.name(2));
        assertSame("gzip", fields.value(2));
        assertEquals("X-Other", fields.name(3));
        assertNotSame("X-Other", fields.name(3), "an unknown name is made from the received bytes");
        assertSame("close", fields.value(3));
    }
}
