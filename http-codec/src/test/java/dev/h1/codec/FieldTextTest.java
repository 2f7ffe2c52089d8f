package dev.h1.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link FieldText}, the one owner of RFC 9110's field characters: its classes match the ABNF for every byte, its
 * scanners agree with its predicates, and its checks refuse what could split a response with a message that never
 * quotes the value.
 */
class FieldTextTest {

    /** RFC 9110 §5.6.2, spelled out independently of the table. */
    private static boolean tcharByTheRfc(int c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** RFC 9110 §5.5: field-vchar (VCHAR / obs-text), SP or HTAB. */
    private static boolean fieldContentByTheRfc(int c) {
        return c >= 0x21 && c <= 0x7E || c >= 0x80 && c <= 0xFF || c == ' ' || c == '\t';
    }

    @Test
    void classifiesEveryByteAsTheRfcAbnfDoes() {
        for (int c = 0; c < 256; c++) {
            assertEquals(tcharByTheRfc(c), FieldText.isTchar(c), "tchar " + c);
            assertEquals(fieldContentByTheRfc(c), FieldText.isFieldContent(c), "field-content " + c);
        }
        assertFalse(FieldText.isTchar(-1));
        assertFalse(FieldText.isFieldContent('\u20ac'));
    }

    @Test
    void scansBuffersWithTheSameClassesAsThePredicates() throws Exception {
        for (int c = 0; c < 256; c++) {
            assertEquals(FieldText.isTchar(c), FieldText.WHILE_TCHAR.process((byte) c), "tchar " + c);
            assertEquals(FieldText.isFieldContent(c), FieldText.WHILE_FIELD_CONTENT.process((byte) c), "value " + c);
        }
        ByteBuf name = Unpooled.copiedBuffer(new byte[] {'X', '-', 'a', ':', ' '});
        try {
            assertEquals(3, name.forEachByte(FieldText.WHILE_TCHAR));
        } finally {
            name.release();
        }
    }

    /**
     * The array scanners stop at the first byte their predicate refuses, whatever the byte, its position in an
     * eight-byte word, the word's alignment in the array and the length of the run: {@code skipFieldContent} reads
     * eight bytes at a time and must give exactly what the table gives.
     */
    @Test
    void skipsRunsInArraysExactlyAsThePredicatesJudgeEachByte() {
        for (int length = 0; length <= 19; length++) {
            for (int offset = 0; offset < 8; offset++) {
                for (int at = 0; at <= length; at++) {
                    for (int c = 0; c < 256; c++) {
                        byte[] bytes = new byte[offset + length + 3];
                        Arrays.fill(bytes, (byte) 'a');
                        if (at < length) {
                            bytes[offset + at] = (byte) c;
                        }
                        int to = offset + length;
                        int expectedContent = at < length && !FieldText.isFieldContent(c) ? offset + at : to;
                        int expectedToken = at < length && !FieldText.isTchar(c) ? offset + at : to;
                        String where = "byte " + c + " at " + at + " of " + length + ", offset " + offset;
                        assertEquals(expectedContent, FieldText.skipFieldContent(bytes, offset, to), where);
                        assertEquals(expectedToken, FieldText.skipTchars(bytes, offset, to), where);
                    }
                }
            }
        }
    }

    @Test
    void skipsFieldContentUpToTheFirstOfSeveralRefusedBytes() {
        Random random = new Random(20261205);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly field content, with HTAB, DEL, obs-text and other controls mixed in
                bytes[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5F));
            }
            int expected = 0;
            while (expected < bytes.length && FieldText.isFieldContent(bytes[expected] & 0xFF)) {
                expected++;
            }
            assertEquals(expected, FieldText.skipFieldContent(bytes, 0, bytes.length), Arrays.toString(bytes));
        }
    }

    static Stream<Arguments> headerNames() {
        return Stream.of(
                /* 0 */ arguments("Content-Type", null),
                /* 1 */ arguments("x!#$%&'*+-.^_`|~9", null),
                /* 2 */ arguments(null, "header name is null"),
                /* 3 */ arguments("", "empty header name"),
                /* 4 */ arguments("Bad Name", notAToken(3)),
                /* 5 */ arguments("X\r\nY", notAToken(1)),
                /* 6 */ arguments("Na\u00efve", notAToken(2)),
                /* 7 */ arguments("a:b", notAToken(1)));
    }

    @ParameterizedTest
    @MethodSource("headerNames")
    void acceptsOnlyATokenAsHeaderName(String name, String refusal) {
        assertRefusal(refusal, () -> FieldText.checkHeaderName(name));
    }

    static Stream<Arguments> trailerNames() {
        return Stream.of(
                /* 0 */ arguments("X-Checksum", null),
                /* 1 */ arguments("Content-Length",
                        "Content-Length cannot be a trailer field: it frames the message (RFC 9110 §6.5.1)"),
                /* 2 */ arguments("transfer-encoding",
                        "transfer-encoding cannot be a trailer field: it frames the message (RFC 9110 §6.5.1)"),
                /* 3 */ arguments("Bad Name", notAToken(3)),
                /* 4 */ arguments("", "empty header name"));
    }

    @ParameterizedTest
    @MethodSource("trailerNames")
    void refusesTrailerNamesThatFrameTheMessage(String name, String refusal) {
        assertRefusal(refusal, () -> FieldText.checkTrailerName(name));
    }

    static Stream<Arguments> fieldValues() {
        return Stream.of(
                /* 0 */ arguments("text/plain; q=0.5", null),
                /* 1 */ arguments("", null),
                /* 2 */ arguments("tab\there, obs-text \u00ff", null),
                /* 3 */ arguments(null, "value of header X is null"),
                /* 4 */ arguments("a\r\nSet-Cookie: x", controlInValue(13, 1)),
                /* 5 */ arguments("a\nb", controlInValue(10, 1)),
                /* 6 */ arguments("\u0000", controlInValue(0, 0)),
                /* 7 */ arguments("a\u007f", controlInValue(127, 1)),
                /* 8 */ arguments("\u20ac", controlInValue(8364, 0)));
    }

    private static String controlInValue(int code, int index) {
        return "value of header X has an invalid character (code " + code + ") at index " + index
                + "; CR, LF, NUL and other controls are refused";
    }

    @ParameterizedTest
    @MethodSource("fieldValues")
    void refusesFieldValuesWithControlsWithoutQuotingThem(String value, String refusal) {
        assertRefusal(refusal, () -> FieldText.checkFieldValue("X", value));
    }

    static Stream<Arguments> reasonPhrases() {
        return Stream.of(
                /* 0 */ arguments("Not Found", null),
                /* 1 */ arguments(null, null),
                /* 2 */ arguments("", null),
                /* 3 */ arguments("Bad\r\nX: y", "status message has an invalid character at index 3"),
                /* 4 */ arguments("\u0007", "status message has an invalid character at index 0"));
    }

    @ParameterizedTest
    @MethodSource("reasonPhrases")
    void refusesReasonPhrasesWithControls(String reason, String refusal) {
        assertRefusal(refusal, () -> FieldText.checkReasonPhrase(reason));
    }

    @Test
    void findsTheFirstCharacterOutsideAClass() {
        assertEquals(-1, FieldText.firstNonToken("Host"));
        assertEquals(0, FieldText.firstNonToken(""));
        assertEquals(4, FieldText.firstNonToken("Host:"));
        assertEquals(-1, FieldText.firstNonText("a b\tc"));
        assertEquals(1, FieldText.firstNonText("a\rb"));
        assertEquals(true, FieldText.isToken("a, chunked", 3, 10));
        assertEquals(false, FieldText.isToken("a, chunked", 1, 10));
        assertEquals(false, FieldText.isToken("chunked", 2, 2));
    }

    private static String notAToken(int index) {
        return "header name has an invalid character at index " + index + " (a name must be a token)";
    }

    private static void assertRefusal(String refusal, Runnable check) {
        if (refusal == null) {
            assertDoesNotThrow(check::run);
        } else {
            assertEquals(refusal, assertThrows(IllegalArgumentException.class, check::run).getMessage());
        }
    }
}
