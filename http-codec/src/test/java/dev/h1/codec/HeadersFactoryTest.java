package dev.h1.codec;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Headers#of} and {@link Headers#ofLists}: fields from pairs and maps, in order, every value a line; and a list
 * sized for an expected count, which grows past it.
 */
class HeadersFactoryTest {

    @Test
    void pairsBecomeFieldLinesInOrderAndNamesMayRepeat() {
        Headers headers = Headers.of("Content-Type", "text/plain", "Vary", "a", "vary", "b");

        assertEquals("Headers[Content-Type: text/plain, Vary: a, vary: b]", headers.toString());
        assertEquals(List.of("a", "b"), headers.getAll("Vary"));
        headers.add("X", "modifiable");
        assertEquals(4, headers.size());
    }

    @Test
    void anOddNumberOfStringsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Headers.of("Content-Type"));
    }

    @Test
    void aMapOfSingleValuesGivesOneLineEachInIterationOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("B", "2");
        fields.put("A", "1");

        assertEquals("Headers[B: 2, A: 1]", Headers.of(fields).toString());
    }

    @Test
    void aMapOfListsGivesOneLineEachValueAndNothingForAnEmptyList() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("Set-Cookie", List.of("a=1", "b=2"));
        fields.put("Empty", List.of());
        fields.put("Vary", List.of("Accept"));

        assertEquals("Headers[Set-Cookie: a=1, Set-Cookie: b=2, Vary: Accept]", Headers.ofLists(fields).toString());
    }

    @Test
    void aListSizedForSomeFieldsTakesMoreAndKeepsThemInOrder() {
        for (int expected = 0; expected <= 3; expected++) {
            Headers headers = new Headers(expected);
            for (int i = 0; i < 20; i++) {
                headers.add("F" + i, String.valueOf(i));
            }
            assertEquals(20, headers.size());
            for (int i = 0; i < 20; i++) {
                assertEquals("F" + i, headers.name(i));
                assertEquals(String.valueOf(i), headers.value(i));
            }
            assertEquals("7", headers.get("f7"));
        }
        assertThrows(IllegalArgumentException.class, () -> new Headers(-1));
    }
}
