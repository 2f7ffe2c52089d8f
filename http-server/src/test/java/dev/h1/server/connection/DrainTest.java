package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.post;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request body the application did not read is drained after the response, so the next request on the connection
 * parses; up to {@code maxDrainBytes}, beyond which the connection closes. And RFC 9110 §10.1.1: a final answer to a
 * client still waiting for 100 (Continue) ends the connection, as the body may never come.
 */
class DrainTest {

    @Test
    void anUnreadBodyIsDrainedSoThatThePipelinedRequestIsAnswered() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            handled.add(req.method() + " " + req.url());
            res.end(req.url());
        });

        server.send(post("/upload", "0123456789") + get("/next"));

        assertEquals(List.of("POST /upload", "GET /next"), handled);
        List<Response> answered = responses(server.output());
        assertEquals(List.of("/upload", "/next"), answered.stream().map(Response::body).toList());
        assertNull(answered.get(0).field("Connection"));
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void anUnreadBodyThatArrivesAfterTheResponseIsDrainedToo() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end(req.url()));

        server.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
        assertEquals("/upload", responses(server.output()).get(0).body());
        assertTrue(server.isAutoRead(), "draining reads on");
        server.send("01234");
        server.send("56789" + get("/next"));

        assertEquals("/next", responses(server.output()).get(0).body());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void anUnreadChunkedBodyIsDrained() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end(req.url()));

        server.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n01234\r\n5\r\n56789\r\n0\r\nX-Trailer: t\r\n\r\n" + get("/next"));

        assertEquals(List.of("/upload", "/next"), responses(server.output()).stream().map(Response::body).toList());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void aBodyOverTheDrainLimitClosesTheConnection() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(config().maxDrainBytes(4), (req, res) -> {
            handled.add(req.url());
            res.end(req.url());
        });

        server.send(post("/upload", "0123456789") + get("/next"));

        assertEquals(List.of("/upload"), handled);
        assertEquals(List.of("/upload"), responses(server.output()).stream().map(Response::body).toList());
        assertFalse(server.isOpen());
        assertEquals(CloseReason.BODY_TOO_LARGE, server.closeReason());
        server.finish();
    }

    @Test
    void aBodyExactlyAtTheDrainLimitIsDrained() {
        EmbeddedServer server = EmbeddedServer.start(config().maxDrainBytes(10), (req, res) -> res.end(req.url()));

        server.send(post("/upload", "0123456789") + get("/next"));

        assertEquals(2, responses(server.output()).size());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void aResponseThatEndsAfterTheBodyWasReadInPartDrainsTheRest() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end(req.url()));

        server.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        server.send("56789" + get("/next"));

        assertEquals(List.of("/upload", "/next"), responses(server.output()).stream().map(Response::body).toList());
        server.finish();
    }

    // ---- Expect: 100-continue ----

    @Test
    void aFinalAnswerWhileTheClientAwaits100ContinueClosesTheConnection() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.statusCode(413);
            res.end("no");
        });

        server.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");

        assertEquals(head("HTTP/1.1 413 Content Too Large", "Content-Length: 2", "Connection: close") + "no",
                server.output(), "no 100 (Continue) before the final answer");
        assertFalse(server.isOpen());
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }

    @Test
    void readingTheBodySends100ContinueAndKeepsTheConnection() {
        EmbeddedServer server = EmbeddedServer.start((req, res) ->
                req.bodyString(100, StandardCharsets.UTF_8).thenAccept(res::end));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", server.output());
        server.send("0123456789");

        Response response = responses(server.output()).get(0);
        assertEquals("0123456789", response.body());
        assertNull(response.field("Connection"));
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void aFinalAnswerAfter100ContinueWasSentKeepsTheConnectionAndDrainsTheBody() {
        ServerResponse[] pending = new ServerResponse[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            if (req.url().equals("/next")) {
                res.end(req.url());
                return;
            }
            pending[0] = res;
            res.writeContinue();
        });

        server.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", server.output());
        pending[0].end("early");
        server.send("0123456789" + get("/next"));

        List<Response> answered = responses(server.output());
        assertEquals(List.of("early", "/next"), answered.stream().map(Response::body).toList());
        assertNull(answered.get(0).field("Connection"));
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void anExpectationOtherThan100ContinueIsAnswered417AndCloses() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> handled.add(req.url()));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 10\r\n\r\n");

        EmbeddedServer.assertErrorAnswer(417, server.output());
        assertEquals(List.of(), handled);
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }
}
