package dev.h1.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Range field read against a 1000-byte representation (RFC 9110 §14.1.2, §14.2). */
class ByteRangeTest {

    private static final long LENGTH = 1000;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bytes=0-99      | 0   | 99",
        "bytes=0-0       | 0   | 0",
        "bytes=990-      | 990 | 999",
        "bytes=-10       | 990 | 999",
        "bytes=-5000     | 0   | 999",  // a suffix longer than the representation: all of it
        "bytes=500-5000  | 500 | 999",  // a last-pos past the end: up to the end
        "bytes=999-999   | 999 | 999",
        "BYTES=1-2       | 1   | 2",    // range units are case-insensitive (§14.1)
        "bytes=0-99999999999999999999999 | 0 | 999"})
    void oneSatisfiableRangeIsAPart(String field, long first, long last) {
        ByteRange.Part part = (ByteRange.Part) ByteRange.of(field, LENGTH);
        assertEquals(new ByteRange.Part(first, last), part);
        assertEquals("bytes " + first + "-" + last + "/1000", part.contentRange(LENGTH));
        assertEquals(last - first + 1, part.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=99999999999999999999999-"})
    void aRangePastTheEndIsUnsatisfiable(String field) {
        assertEquals(new ByteRange.Unsatisfiable(), ByteRange.of(field, LENGTH));
    }

    @Test
    void anEmptyRepresentationHasNoSatisfiableRange() {
        assertEquals(new ByteRange.Unsatisfiable(), ByteRange.of("bytes=0-", 0));
        assertEquals(new ByteRange.Unsatisfiable(), ByteRange.of("bytes=-1", 0));
        assertEquals("bytes */0", ByteRange.Unsatisfiable.contentRange(0));
    }

    /** Several ranges, other units and invalid syntax are ignored: the whole representation is sent (200). */
    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-6", "bytes=0-1, 2000-3000", "bytes=0-1,", "items=0-1", "bytes=5-3",
            "bytes=-", "bytes=", "bytes", "bytes=a-b", "bytes=1-b", "bytes=+1-2", "bytes= 0 - 1", "=0-1"})
    void severalRangesOtherUnitsAndBadSyntaxAreTheWhole(String field) {
        assertEquals(new ByteRange.Whole(), ByteRange.of(field, LENGTH));
    }
}
