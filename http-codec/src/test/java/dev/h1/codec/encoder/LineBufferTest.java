package dev.h1.codec.encoder;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** The array in which heads and trailer sections are assembled before they are copied into the batch. */
class LineBufferTest {

    private static String text(LineBuffer lines) {
        return new String(lines.array(), 0, lines.length(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesArraysLatin1TextSeparatorsAndBytesInOrder() {
        LineBuffer lines = new LineBuffer();
        lines.write(WireConstants.ascii("Name"));
        lines.colonSpace();
        lines.writeLatin1("caf\u00e9");
        lines.crlf();
        lines.writeByte('!');
        assertEquals("Name: caf\u00e9\r\n!", text(lines));
        assertEquals(0xE9, lines.array()[9] & 0xFF);
    }

    @Test
    void growsForALongHeadAndKeepsWhatWasWritten() {
        LineBuffer lines = new LineBuffer();
        String value = "x".repeat(3_000);
        lines.writeLatin1("a");
        lines.writeLatin1(value);
        lines.write(value.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("a" + value + value, text(lines));
    }

    @Test
    void keepsAnArrayOfUsualSizeAcrossClearsAndDropsAnUnusuallyLargeOne() {
        LineBuffer lines = new LineBuffer();
        byte[] usual = lines.array();
        lines.writeLatin1("y".repeat(2_000));
        byte[] grown = lines.array();
        assertNotSame(usual, grown);
        assertSame(grown, lines.clear().array());
        assertEquals(0, lines.length());
        lines.writeLatin1("z".repeat(20_000));
        lines.clear();
        assertEquals(0, lines.length());
        assertEquals(usual.length, lines.array().length);
    }
}
