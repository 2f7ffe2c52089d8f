package dev.h1.codec.internal;

import dev.h1.codec.FieldText;
import dev.h1.codec.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strings seen twice are known by identity, with their bytes; nothing invalid is ever known. */
class KnownTextTest {

    /** A fresh instance, so that no other test (or the JVM's string table) has shown it to the cache before. */
    private static String fresh(String text) {
        return new String(text.toCharArray());
    }

    @Test
    void aStringIsKnownFromItsSecondSightingWithItsBytesAndWhetherItIsAToken() {
        String token = fresh("X-Known-Token");
        assertNull(KnownText.lookup(token), "the first sighting only notes it");
        KnownText.Entry entry = KnownText.lookup(token);
        assertNotNull(entry);
        assertTrue(entry.token());
        assertArrayEquals(token.getBytes(StandardCharsets.ISO_8859_1), entry.bytes());
        assertEquals(entry, KnownText.lookup(token));

        String value = fresh("text/plain; charset=utf-8");
        KnownText.lookup(value);
        KnownText.Entry valueEntry = KnownText.lookup(value);
        assertNotNull(valueEntry);
        assertFalse(valueEntry.token(), "valid field text, but not a token");
    }

    @Test
    void anEqualStringThatIsAnotherInstanceIsNotKnown() {
        String first = fresh("X-Equal");
        KnownText.lookup(first);
        assertNotNull(KnownText.lookup(first));
        assertNull(KnownText.lookup(fresh("X-Equal")));
    }

    @Test
    void invalidOrLongTextIsNeverKnown() {
        String split = fresh("a\r\nInjected: 1");
        String tooLong = fresh("x".repeat(KnownText.MAX_LENGTH + 1));
        for (int i = 0; i < 3; i++) {
            assertNull(KnownText.lookup(split));
            assertNull(KnownText.lookup(tooLong));
        }
    }

    @Test
    void theChecksStillRefuseBadTextHoweverOftenItIsSeen() {
        String badValue = fresh("v\u0000");
        String badName = fresh("Bad Name");
        for (int i = 0; i < 3; i++) {
            assertThrows(IllegalArgumentException.class, () -> FieldText.checkFieldValue("X", badValue));
            assertThrows(IllegalArgumentException.class, () -> FieldText.checkHeaderName(badName));
        }
        String valueOnly = fresh("text/plain");
        FieldText.checkFieldValue("X", valueOnly);
        FieldText.checkFieldValue("X", valueOnly); // now known as field text, not as a token
        assertThrows(IllegalArgumentException.class, () -> FieldText.checkHeaderName(fresh("text/plain")));
        for (int i = 0; i < 2; i++) {
            assertThrows(IllegalArgumentException.class, () -> FieldText.checkHeaderName(valueOnly),
                    "a known value is not thereby a valid name");
        }
    }

    @Test
    void aCopyWithRoomHasTheSameFieldsAndTakesMoreWithoutChange() {
        Headers headers = new Headers().add("A", "1").add("B", "2");
        Headers copy = headers.copy(1).add("C", "3");
        assertEquals("Headers[A: 1, B: 2]", headers.toString());
        assertEquals("Headers[A: 1, B: 2, C: 3]", copy.toString());
        assertThrows(IllegalArgumentException.class, () -> headers.copy(-1));
    }
}
