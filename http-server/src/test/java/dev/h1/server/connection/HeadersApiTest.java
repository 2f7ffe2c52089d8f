package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The response's header methods (Node's setHeader, appendHeader, getHeader(s), getHeaderNames, has/removeHeader). */
class HeadersApiTest {

    /** Runs {@code handler} as the request handler of one GET and returns the wire text. */
    private static String answer(Consumer<ServerResponse> handler) {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> handler.accept(res));
        server.send(get("/"));
        String text = server.output();
        server.finish();
        return text;
    }

    @Test
    void setHeaderReplacesEveryValueAndTakesTheNewSpelling() {
        String text = answer(res -> {
            assertSame(res, res.setHeader("X-Mode", "a"));
            res.appendHeader("X-Mode", "b");
            res.setHeader("x-mode", "c");
            res.end();
        });

        assertEquals(head("HTTP/1.1 200 OK", "x-mode: c", "Content-Length: 0", KEEP_ALIVE), text);
    }

    @Test
    void setHeaderWithManyValuesWritesOneFieldLineEach() {
        String text = answer(res -> {
            res.setHeader("Set-Cookie", "old=1");
            res.setHeader("Set-Cookie", List.of("a=1; Path=/", "b=2"));
            assertEquals(List.of("a=1; Path=/", "b=2"), res.getHeaderValues("set-cookie"));
            res.end();
        });

        assertEquals(head("HTTP/1.1 200 OK", "Set-Cookie: a=1; Path=/", "Set-Cookie: b=2", "Content-Length: 0",
                KEEP_ALIVE), text);
    }

    @Test
    void appendHeaderKeepsTheValuesAlreadySet() {
        String text = answer(res -> {
            res.appendHeader("Vary", "Accept");
            res.appendHeader("vary", "Origin");
            assertEquals(List.of("Accept", "Origin"), res.getHeaderValues("VARY"));
            res.end();
        });

        assertEquals(head("HTTP/1.1 200 OK", "Vary: Accept", "vary: Origin", "Content-Length: 0", KEEP_ALIVE), text);
    }

    @Test
    void getHeaderReturnsTheFirstValueInAnyCase() {
        answer(res -> {
            res.appendHeader("X-A", "1").appendHeader("X-A", "2");
            assertEquals("1", res.getHeader("x-a"));
            assertNull(res.getHeader("X-B"));
            assertEquals(List.of(), res.getHeaderValues("X-B"));
            res.end();
        });
    }

    @Test
    void getHeadersReturnsACopyThatChangesNothing() {
        String text = answer(res -> {
            res.setHeader("X-A", "1");
            Headers copy = res.getHeaders();
            assertEquals("1", copy.get("X-A"));
            copy.set("X-A", "changed").add("X-Injected", "yes").remove("X-A");
            assertEquals("1", res.getHeader("X-A"));
            assertFalse(res.hasHeader("X-Injected"));
            res.end();
        });

        assertEquals(head("HTTP/1.1 200 OK", "X-A: 1", "Content-Length: 0", KEEP_ALIVE), text);
    }

    @Test
    void getHeaderNamesAreLowerCaseAndDistinctInFirstSetOrder() {
        answer(res -> {
            res.setHeader("Content-Type", "text/plain");
            res.appendHeader("X-Custom", "1");
            res.appendHeader("x-CUSTOM", "2");
            res.setHeader("ETag", "\"v1\"");
            assertEquals(List.of("content-type", "x-custom", "etag"), List.copyOf(res.getHeaderNames()));
            res.end();
        });
    }

    @Test
    void getHeaderNamesOfAFreshResponseIsEmpty() {
        answer(res -> {
            assertEquals(Set.of(), res.getHeaderNames());
            res.end();
        });
    }

    @Test
    void hasHeaderAndRemoveHeaderIgnoreCase() {
        String text = answer(res -> {
            res.setHeader("X-Gone", "1").appendHeader("x-gone", "2").setHeader("X-Kept", "k");
            assertTrue(res.hasHeader("x-GONE"));
            assertSame(res, res.removeHeader("X-GONE"));
            assertFalse(res.hasHeader("X-Gone"));
            res.removeHeader("X-Never-Set");
            res.end();
        });

        assertEquals(head("HTTP/1.1 200 OK", "X-Kept: k", "Content-Length: 0", KEEP_ALIVE), text);
    }

    @Test
    void headersSetBeforeTheHeadAreSentInTheOrderSet() {
        String text = answer(res -> {
            res.setHeader("Content-Type", "text/plain; charset=utf-8");
            res.setHeader("Cache-Control", "no-store");
            res.appendHeader("Link", "</a.css>; rel=preload");
            res.end("hi");
        });

        assertEquals(head("HTTP/1.1 200 OK", "Content-Type: text/plain; charset=utf-8", "Cache-Control: no-store",
                "Link: </a.css>; rel=preload", "Content-Length: 2", KEEP_ALIVE) + "hi", text);
    }

    @Test
    void headerValuesMayHoldTabsAndObsText() {
        String text = answer(res -> {
            res.setHeader("X-Text", "a\tb \u00e9");
            res.end();
        });

        assertEquals(head("HTTP/1.1 200 OK", "X-Text: a\tb \u00e9", "Content-Length: 0", KEEP_ALIVE), text);
    }

    @Test
    void aDateSetByTheApplicationReplacesTheServersOwn() {
        String text = answer(res -> {
            res.setHeader("Date", "Mon, 01 Jan 2024 00:00:00 GMT");
            res.end();
        });

        assertEquals("HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nContent-Length: 0\r\n"
                + KEEP_ALIVE + "\r\n\r\n", text);
    }

    @Test
    void readingHeadersStillWorksAfterTheHeadWasSent() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            response.set(res);
            res.setHeader("X-A", "1").end();
        });
        server.send(get("/"));

        ServerResponse res = response.get();
        assertEquals("1", res.getHeader("X-A"));
        // As in Node: the fields the server adds to frame the body and manage the connection are not the
        // application's headers.
        assertFalse(res.hasHeader("content-length"));
        assertFalse(res.hasHeader("keep-alive"));
        assertThrows(IllegalStateException.class, () -> res.setHeader("X-A", "2"));
        server.output();
        server.finish();
    }
}
