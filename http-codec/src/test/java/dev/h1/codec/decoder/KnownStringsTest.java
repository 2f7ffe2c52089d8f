package dev.h1.codec.decoder;

import dev.h1.codec.Headers;
import dev.h1.codec.RequestHead;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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

    private static final List<KnownStrings> ALL = List.of(KnownStrings.METHODS, KnownStrings.FIELD_NAMES,
            KnownStrings.FIELD_VALUES, KnownStrings.TARGETS);

    /** What {@code find} must answer: the known string equal to the bytes (case included), or null. */
    private static String expected(KnownStrings known, byte[] bytes, int from, int length) {
        String text = new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < known.size(); i++) {
            if (known.get(i).equals(text)) {
                return known.get(i);
            }
        }
        return null;
    }

    /** The words of a short string are read from its end backwards when no word after its start fits the array. */
    @Test
    void findsEveryKnownStringAtTheVeryEndOfAnArrayAndInAnArrayOfItsOwnLength() {
        for (KnownStrings known : ALL) {
            for (int i = 0; i < known.size(); i++) {
                String string = known.get(i);
                byte[] bytes = string.getBytes(StandardCharsets.ISO_8859_1);
                assertSame(string, known.find(bytes, 0, bytes.length), string);
                for (int offset = 1; offset < 12; offset++) {
                    byte[] atEnd = new byte[offset + bytes.length];
                    Arrays.fill(atEnd, (byte) 'x');
                    System.arraycopy(bytes, 0, atEnd, offset, bytes.length);
                    assertSame(string, known.find(atEnd, offset, bytes.length), string + " at " + offset);
                }
            }
        }
    }

    /**
     * For every length up to the longest known string, one byte changed at each position (a case flip, a neighbour
     * value, a zero) finds a known string exactly when the changed bytes are one: never a near miss.
     */
    @Test
    void findsNothingForAnyOneByteChangeUnlessThatIsAnotherKnownString() {
        for (KnownStrings known : ALL) {
            for (int i = 0; i < known.size(); i++) {
                byte[] bytes = known.get(i).getBytes(StandardCharsets.ISO_8859_1);
                for (int k = 0; k < bytes.length; k++) {
                    for (int change : new int[] {0x20, 0x01, 0x80}) {
                        byte[] changed = bytes.clone();
                        changed[k] ^= (byte) change;
                        byte[] shifted = at(5, new String(changed, StandardCharsets.ISO_8859_1));
                        for (byte[] in : new byte[][] {changed, shifted}) {
                            int from = in == changed ? 0 : 5;
                            assertSame(expected(known, in, from, bytes.length), known.find(in, from, bytes.length),
                                    known.get(i) + " changed at " + k);
                        }
                    }
                }
                for (int length = 1; length < bytes.length; length++) {
                    assertSame(expected(known, bytes, 0, length), known.find(bytes, 0, length), "a prefix");
                }
            }
        }
    }

    @Test
    void findsFieldNamesInTheirCaseAndAllLowerCaseOnly() {
        for (int i = 0; i < KnownStrings.FIELD_NAMES.size(); i++) {
            String name = KnownStrings.FIELD_NAMES.get(i);
            String upper = name.toUpperCase(Locale.ROOT);
            byte[] bytes = upper.getBytes(StandardCharsets.ISO_8859_1);
            String found = KnownStrings.FIELD_NAMES.find(bytes, 0, bytes.length);
            // Only names that are all capitals already ("TE", "DNT") are known in upper case.
            assertSame(expected(KnownStrings.FIELD_NAMES, bytes, 0, bytes.length), found, upper);
            assertEquals(upper.equals("TE") || upper.equals("DNT"), found != null, upper);
        }
    }

    @Test
    void givesThePositionOfAKnownStringAndMinusOneOtherwise() {
        for (int i = 0; i < KnownStrings.FIELD_NAMES.size(); i++) {
            byte[] bytes = KnownStrings.FIELD_NAMES.get(i).getBytes(StandardCharsets.ISO_8859_1);
            assertSame(KnownStrings.FIELD_NAMES.get(i),
                    KnownStrings.FIELD_NAMES.get(KnownStrings.FIELD_NAMES.indexOf(bytes, 0, bytes.length)));
        }
        assertEquals(-1, KnownStrings.FIELD_NAMES.indexOf(at(0, "X-Custom"), 0, 8));
        assertEquals(-1, KnownStrings.FIELD_NAMES.indexOf(at(0, "x"), 0, 0));
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
