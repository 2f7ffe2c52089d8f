package dev.h1.server.exchange;

import dev.h1.codec.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Node's {@code req.headers} and {@code req.headersDistinct}, made from the raw, ordered fields. */
class HeaderViewsTest {

    /** Two lines of one field, and what Node's merged view makes of them. */
    static Stream<Arguments> twoLines() {
        return Stream.of(
                /* 0 */ Arguments.of("Cookie", "a=1", "b=2", "a=1; b=2"),
                /* 1 */ Arguments.of("Accept", "text/html", "*/*", "text/html, */*"),
                /* 2 */ Arguments.of("X-Forwarded-For", "10.0.0.1", "10.0.0.2", "10.0.0.1, 10.0.0.2"),
                /* 3 */ Arguments.of("Host", "first", "second", "first"),
                /* 4 */ Arguments.of("Content-Type", "text/plain", "text/html", "text/plain"),
                /* 5 */ Arguments.of("Content-Length", "5", "5", "5"),
                /* 6 */ Arguments.of("Authorization", "Basic a", "Basic b", "Basic a"),
                /* 7 */ Arguments.of("User-Agent", "curl", "wget", "curl"),
                /* 8 */ Arguments.of("Referer", "/a", "/b", "/a"),
                /* 9 */ Arguments.of("If-Modified-Since", "x", "y", "x"),
                /* 10 */ Arguments.of("Max-Forwards", "1", "2", "1"));
    }

    @ParameterizedTest
    @MethodSource("twoLines")
    void theMergedViewJoinsOrKeepsTheFirstAsNodeDoes(String name, String first, String second, String merged) {
        Headers headers = Headers.of(name, first, "Other", "o", name.toUpperCase(), second);

        assertEquals(merged, HeaderViews.merged(headers).get(name.toLowerCase()));
    }

    @Test
    void namesAreLowerCasedInTheOrderTheyFirstCame() {
        Headers headers = Headers.of("Host", "x", "X-B", "1", "Accept", "a", "x-b", "2");

        assertEquals(List.of("host", "x-b", "accept"), List.copyOf(HeaderViews.merged(headers).keySet()));
        assertEquals(Map.of("host", "x", "x-b", "1, 2", "accept", "a"), HeaderViews.merged(headers));
    }

    @Test
    void setCookieIsLeftOutOfTheMergedViewAndKeptAsAListInTheDistinctOne() {
        Headers headers = Headers.of("Set-Cookie", "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT", "Set-Cookie", "b=2");

        assertFalse(HeaderViews.merged(headers).containsKey("set-cookie"));
        assertEquals(List.of("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT", "b=2"),
                HeaderViews.distinct(headers).get("set-cookie"));
    }

    @Test
    void theDistinctViewKeepsEveryValueOfEveryNameUnjoined() {
        Headers headers = Headers.of("Host", "x", "Host", "y", "Cookie", "a=1", "cookie", "b=2");

        assertEquals(Map.of("host", List.of("x", "y"), "cookie", List.of("a=1", "b=2")),
                HeaderViews.distinct(headers));
    }

    @Test
    void bothViewsAreUnmodifiable() {
        Headers headers = Headers.of("Accept", "a");

        assertThrows(UnsupportedOperationException.class, () -> HeaderViews.merged(headers).put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> HeaderViews.distinct(headers).get("accept").add("b"));
    }
}
