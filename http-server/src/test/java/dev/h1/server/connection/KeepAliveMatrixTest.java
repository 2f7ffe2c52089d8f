package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import dev.h1.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static dev.h1.server.testing.EmbeddedServer.DATE;
import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Persistence per RFC 9112 §9.3 as the client sees it: for HTTP/1.0 and 1.1, each request {@code Connection} value
 * and with or without the application's {@code Connection: close}, whether the connection stays open and which
 * connection-management fields the response carries (§9.6: a closing response says {@code Connection: close}).
 */
class KeepAliveMatrixTest {

    private static final CloseReason KEPT = null;

    /**
     * version, request Connection (null: none), the application sets Connection: close → response Connection
     * (null: none), Keep-Alive (null: none), the reason the connection closes after the response (KEPT: stays open).
     */
    static Stream<Arguments> matrix() {
        return Stream.of(
                /* 0 */ arguments("1.1", null, false, null, "timeout=5", KEPT),
                /* 1 */ arguments("1.1", "close", false, "close", null, CloseReason.NOT_PERSISTENT),
                /* 2 */ arguments("1.1", "keep-alive", false, null, "timeout=5", KEPT),
                /* 3 */ arguments("1.1", null, true, "close", null, CloseReason.APPLICATION_CLOSED),
                /* 4 */ arguments("1.1", "close", true, "close", null, CloseReason.NOT_PERSISTENT),
                /* 5 */ arguments("1.1", "keep-alive", true, "close", null, CloseReason.APPLICATION_CLOSED),
                /* 6 */ arguments("1.0", null, false, "close", null, CloseReason.NOT_PERSISTENT),
                /* 7 */ arguments("1.0", "close", false, "close", null, CloseReason.NOT_PERSISTENT),
                /* 8 */ arguments("1.0", "keep-alive", false, "keep-alive", "timeout=5", KEPT),
                /* 9 */ arguments("1.0", null, true, "close", null, CloseReason.NOT_PERSISTENT),
                /* 10 */ arguments("1.0", "close", true, "close", null, CloseReason.NOT_PERSISTENT),
                /* 11 */ arguments("1.0", "keep-alive", true, "close", null, CloseReason.APPLICATION_CLOSED));
    }

    @ParameterizedTest(name = "[{index}] HTTP/{0} Connection: {1}, application closes: {2}")
    @MethodSource("matrix")
    void persistenceFollowsBothSides(String version, String requestConnection, boolean applicationCloses,
                                     String responseConnection, String keepAlive, CloseReason closed) {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            if (applicationCloses) {
                res.setHeader("Connection", "close");
            }
            res.end("hi");
        });
        String request = requestConnection == null
                ? Wire.head("GET / HTTP/" + version, "Host: x")
                : Wire.head("GET / HTTP/" + version, "Host: x", "Connection: " + requestConnection);

        server.send(request);

        List<Response> answered = responses(server.output());
        assertEquals(1, answered.size());
        Response response = answered.get(0);
        assertEquals("HTTP/1.1 200 OK", response.statusLine());
        assertEquals("2", response.field("Content-Length"));
        assertEquals(responseConnection, response.field("Connection"));
        assertEquals(keepAlive, response.field("Keep-Alive"));
        assertEquals("hi", response.body());
        assertEquals(closed, server.closeReason());
        if (closed == KEPT) {
            assertTrue(server.isOpen());
            server.send(request);
            assertEquals("hi", responses(server.output()).get(0).body(), "a kept-alive connection serves again");
            assertNull(server.closeReason());
        } else {
            assertFalse(server.isOpen());
            assertEquals(List.of("open", "close " + closed), server.events());
        }
        server.finish();
    }

    /**
     * The connection writes the head of its last persistent response again for the next one made of the same strings
     * ({@code ResponseHeads}), yet decides persistence for each response: the request that asks to close gets a
     * closing head, not the repeated one.
     */
    @Test
    void aRepeatedHeadStillFollowsARequestThatCloses() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.setHeader("Content-Type", "text/plain");
            res.end("hi");
        });

        server.send(get("/") + get("/") + get("/", "Connection: close"));

        String kept = head("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 2", KEEP_ALIVE) + "hi";
        assertEquals(kept + kept
                + head("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 2", "Connection: close") + "hi",
                server.output());
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }

    @Test
    void aKeptAliveHttp10ResponseSaysKeepAliveAndItsTimeout() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end("hi"));

        server.send(Wire.head("GET / HTTP/1.0", "Connection: keep-alive"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: keep-alive", KEEP_ALIVE)
                + "hi", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void aClosingResponseSaysCloseAndNoKeepAlive() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end("hi"));

        server.send(get("/", "Connection: close"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close") + "hi", server.output());
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }

    @Test
    void anHttp10ResponseWithoutContentLengthIsDelimitedByClosingTheConnection() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.write("part one, ");
            res.end("part two");
        });

        server.send(Wire.head("GET / HTTP/1.0", "Connection: keep-alive"));

        assertEquals(head("HTTP/1.1 200 OK", "Connection: close") + "part one, part two", server.output());
        assertFalse(server.isOpen());
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }

    @Test
    void anHttp10ResponseWithItsOwnContentLengthStaysAlive() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.setHeader("Content-Length", "5");
            res.write("ab");
            res.end("cde");
        });

        server.send(Wire.head("GET / HTTP/1.0", "Connection: keep-alive"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", "Connection: keep-alive", KEEP_ALIVE)
                + "abcde", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void anHttp10ResponseWithoutABodyNeedsNoLengthToStayAlive() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.writeHead(req.url().equals("/none") ? 204 : 304);
            res.end();
        });

        server.send(Wire.head("GET /none HTTP/1.0", "Connection: keep-alive")
                + Wire.head("GET /cached HTTP/1.0", "Connection: keep-alive"));

        assertEquals(head("HTTP/1.1 204 No Content", "Connection: keep-alive", KEEP_ALIVE)
                + head("HTTP/1.1 304 Not Modified", "Connection: keep-alive", KEEP_ALIVE),
                server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void anHttp10HeadResponseStaysAliveWithoutABody() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.write("ignored for HEAD");
            res.end();
        });

        server.send(Wire.head("HEAD / HTTP/1.0", "Connection: keep-alive"));

        assertEquals(head("HTTP/1.1 200 OK", "Connection: keep-alive", KEEP_ALIVE), server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void theApplicationsConnectionCloseIsRecognisedInAnyCase() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.setHeader("Connection", "Close");
            res.end();
        });

        server.send(get("/"));

        assertEquals("close", responses(server.output()).get(0).field("Connection"));
        assertEquals(CloseReason.APPLICATION_CLOSED, server.closeReason());
        server.finish();
    }

    @Test
    void anHttp11StreamedResponseIsChunkedAndKeepsTheConnection() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.write("ab");
            res.end("cde");
        });

        server.send(get("/"));

        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked")
                + "2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void theKeepAliveFieldAnnouncesTheConfiguredTimeoutInSeconds() {
        EmbeddedServer server = EmbeddedServer.start(config().keepAliveTimeout(Duration.ofSeconds(75)),
                (req, res) -> res.end());

        server.send(get("/"));

        assertEquals("timeout=75", responses(server.output()).get(0).field("Keep-Alive"));
        server.finish();
    }

    @Test
    void noKeepAliveFieldWhenTheKeepAliveTimeoutIsOff() {
        EmbeddedServer server = EmbeddedServer.start(config().keepAliveTimeout(Duration.ZERO),
                (req, res) -> res.end());

        server.send(get("/"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0"), server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void theRequestSeesWhetherTheConnectionWillBeKept() {
        StringBuilder seen = new StringBuilder();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            seen.append(req.isKeepAlive()).append(' ');
            res.end();
        });

        server.send(get("/") + get("/", "Connection: close"));

        assertEquals(2, responses(server.output()).size());
        assertEquals("true false ", seen.toString());
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }

    @Test
    void aConnectionCloseAmongOtherTokensCloses() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());

        server.send(get("/", "Connection: foo, close"));

        assertEquals("close", responses(server.output()).get(0).field("Connection"));
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }

    @Test
    void dateIsSentOnEveryResponse() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());

        server.send(get("/"));

        assertTrue(server.output().contains(DATE));
        server.finish();
    }
}
