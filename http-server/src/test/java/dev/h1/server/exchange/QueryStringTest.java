package dev.h1.server.exchange;

import dev.h1.server.api.ServerRequest;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Request-target splitting and query decoding ({@code application/x-www-form-urlencoded}: {@code &} pairs, {@code +}
 * as space, percent-escapes as UTF-8), as a channel-free table plus the request API on top of it.
 */
class QueryStringTest {

    @ParameterizedTest(name = "path of {0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /                          | /
            /a/b                       | /a/b
            /a/b?x=1                   | /a/b
            /a%2Fb?                    | /a%2Fb
            /?x                        | /
            http://example.com/p/q?x=1 | /p/q
            http://example.com:81/p    | /p
            http://example.com         | /
            http://example.com?x=1     | /
            https://u@example.com/     | /
            *                          | *
            example.com:443            | example.com:443
            """)
    void splitsThePathOffEveryTargetForm(String target, String path) {
        assertEquals(path, QueryString.path(target));
    }

    @ParameterizedTest(name = "raw query of {0} is [{1}]")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            /a              | null
            /a?             | ''
            /a?x=1&y        | x=1&y
            /a?x=%41+b      | x=%41+b
            /a?x=1?y=2      | x=1?y=2
            http://h/p?q=1  | q=1
            """)
    void keepsTheRawQueryAfterTheFirstQuestionMark(String target, String rawQuery) {
        assertEquals(rawQuery, QueryString.rawQuery(target));
    }

    @Test
    void keepsEveryValueOfARepeatedNameInOrder() {
        Map<String, List<String>> parameters = QueryString.parse("a=1&b=2&a=3&a=");

        assertEquals(List.of("a", "b"), List.copyOf(parameters.keySet()));
        assertEquals(List.of("1", "3", ""), parameters.get("a"));
        assertEquals(List.of("2"), parameters.get("b"));
    }

    @ParameterizedTest(name = "{0} decodes to [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            plain             | plain
            a+b               | a b
            a%20b             | a b
            %2B               | +
            caf%C3%A9         | café
            caf%c3%a9         | café
            %E2%9C%93         | ✓
            %zz               | %zz
            100%              | 100%
            %4                | %4
            %4g               | %4g
            %%41              | %A
            a%                | a%
            %E9t%E9           | \uFFFDt\uFFFD
            %C3               | \uFFFD
            ''                | ''
            """)
    void percentDecodesAsUtf8AndKeepsMalformedEscapesAsWritten(String encoded, String decoded) {
        assertEquals(decoded, QueryString.decode(encoded));
    }

    @Test
    void namesWithoutValuesAndEmptyPairsAreHandled() {
        Map<String, List<String>> parameters = QueryString.parse("flag&&=v&k=a=b&");

        assertEquals(List.of(""), parameters.get("flag"));
        assertEquals(List.of("v"), parameters.get(""));
        assertEquals(List.of("a=b"), parameters.get("k"));
        assertEquals(3, parameters.size());
    }

    @Test
    void namesAreDecodedToo() {
        assertEquals(Map.of("first name", List.of("Ada Lovelace")), QueryString.parse("first+name=Ada%20Lovelace"));
    }

    @Test
    void theParametersCannotBeModified() {
        Map<String, List<String>> parameters = QueryString.parse("a=1");

        assertThrows(UnsupportedOperationException.class, () -> parameters.put("b", List.of()));
        assertThrows(UnsupportedOperationException.class, () -> parameters.get("a").add("2"));
        assertThrows(UnsupportedOperationException.class, () -> QueryString.parse("").put("b", List.of()));
    }

    /** The strict decoder refuses a malformed escape in the target (400), so the request only sees valid ones. */
    @Test
    void theRequestDecodesItsQueryOnceAndHandsOutTheSameMap() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> request.set(req));
        server.send(get("/search?q=h1+server&tag=a&tag=b%26c&e=caf%C3%A9"));

        ServerRequest req = request.get();
        assertEquals(Map.of("q", List.of("h1 server"), "tag", List.of("a", "b&c"), "e", List.of("café")),
                req.queryParameters());
        assertEquals("a", req.queryParameter("tag"));
        assertNull(req.queryParameter("none"));
        assertSame(req.queryParameters(), req.queryParameters());
        server.finish();
    }
}
