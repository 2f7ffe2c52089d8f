package dev.h1.codec.decoder;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Word-wise comparison agrees with {@link Arrays#equals} for every length and offset, next to the array's end too,
 * where it must not read past the array (an {@link ArrayIndexOutOfBoundsException} would fail the test).
 */
class ByteWordsTest {

    private static final int LONGEST = 40;

    @Test
    void comparesLikeArraysEqualsForEveryLengthAndOffsetUpToTheArrayEnd() {
        Random random = new Random(42);
        for (int size = 0; size <= LONGEST + 9; size++) {
            byte[] a = new byte[size];
            random.nextBytes(a);
            for (int length = 0; length <= size; length++) {
                for (int from = 0; from + length <= size; from++) {
                    byte[] b = new byte[length + 3];
                    System.arraycopy(a, from, b, 1, length);
                    assertEquals(true, ByteWords.equals(a, from, b, 1, length), "equal: " + from + "+" + length);
                    for (int k = 0; k < length; k++) {
                        b[1 + k] ^= (byte) (1 << random.nextInt(8));
                        assertEquals(false, ByteWords.equals(a, from, b, 1, length),
                                "byte " + k + " differs: " + from + "+" + length);
                        assertEquals(false, ByteWords.equals(b, 1, a, from, length), "the other way round");
                        b[1 + k] = a[from + k];
                    }
                }
            }
        }
    }

    @Test
    void readsAHeadOfFewerThanEightBytesTheSameWhereverItLies() {
        byte[] text = "abcdefghijklmnop".getBytes();
        for (int length = 0; length <= 8; length++) {
            long expected = 0;
            for (int k = length - 1; k >= 0; k--) {
                expected = expected << 8 | text[k];
            }
            assertEquals(expected, ByteWords.head(text, 0, length), "with room after it");
            byte[] atEnd = Arrays.copyOfRange(text, 0, length);
            assertEquals(expected, ByteWords.head(atEnd, 0, length), "an array shorter than a word");
            byte[] shifted = new byte[12];
            System.arraycopy(text, 0, shifted, 12 - length, length);
            assertEquals(expected, ByteWords.head(shifted, 12 - length, length), "at the end of a longer array");
        }
    }

    @Test
    void ignoresTheBytesAroundTheRange() {
        byte[] a = "xxCloseyy".getBytes();
        byte[] b = "Close".getBytes();
        assertEquals(true, ByteWords.equals(a, 2, b, 0, 5));
        assertEquals(ByteWords.head(b, 0, 5), ByteWords.head(a, 2, 5));
        assertEquals(0, ByteWords.tail(a, 2, 5), "no tail up to eight bytes");
    }
}
