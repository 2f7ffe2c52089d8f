package dev.h1.codec;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Headers#of} and {@link Headers#ofLists}: fields from pairs and maps, in order, every value a line. */
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
}
