package dev.h1.codec.decoder;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The array scanners of {@link UriChars} stop exactly where their byte rules say, at any offset and length. */
class UriCharsTest {

    /** VCHAR but {@code " # < > \ ^ ` { | }}: what may appear in a request-target (RFC 9112 §3.2, RFC 3986 §2). */
    private static boolean isTargetChar(int c) {
        return c > 0x20 && c < 0x7F && "\"#<>\\^`{|}".indexOf(c) < 0;
    }

    private static boolean isHexdig(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    @Test
    void stopAtTheFirstRefusedByteOfEveryValueAtEveryPosition() {
        for (int length = 0; length <= 17; length++) {
            for (int offset = 0; offset < 8; offset++) {
                for (int at = 0; at <= length; at++) {
                    for (int c = 0; c < 256; c++) {
                        byte[] bytes = new byte[offset + length + 2];
                        Arrays.fill(bytes, (byte) 'a');
                        if (at < length) {
                            bytes[offset + at] = (byte) c;
                        }
                        int to = offset + length;
                        String where = "byte " + c + " at " + at + " of " + length + ", offset " + offset;
                        assertEquals(at < length && !isTargetChar(c) ? offset + at : to,
                                UriChars.skipTarget(bytes, offset, to), where);
                        assertEquals(at < length && !isHexdig(c) ? offset + at : to,
                                UriChars.skipHexdig(bytes, offset, to), where);
                    }
                }
            }
        }
    }
}
