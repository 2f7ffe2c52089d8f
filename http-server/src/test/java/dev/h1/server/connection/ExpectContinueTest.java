package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CheckContinueHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Expect: 100-continue} (RFC 9110 §10.1.1) both ways: by default 100 (Continue) goes out only when the request
 * handler first asks for the body; with a {@link CheckContinueHandler} the application decides.
 */
class ExpectContinueTest {

    private static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";
    private static final String EXPECTING = "PUT /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            + "Content-Length: 5\r\n\r\n";

    /** A request handler that answers with the body it read. */
    private static void echo(ServerRequest req, ServerResponse res) {
        req.bodyString(100, StandardCharsets.UTF_8).thenAccept(res::end);
    }

    @Test
    void withoutAHandler100IsSentOnlyWhenTheBodyIsFirstAskedFor() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            response.set(res);
        });
        server.send(EXPECTING);
        assertEquals("", server.output(), "no 100 before the application wants the body");

        request.get().bodyString(100, StandardCharsets.UTF_8).thenAccept(response.get()::end);
        assertEquals(CONTINUE, server.output());

        server.send("hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "hello", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void withoutAHandlerAHandlerThatReadsAtOnceGets100AtOnce() {
        EmbeddedServer server = EmbeddedServer.start(ExpectContinueTest::echo);
        server.send(EXPECTING);
        assertEquals(CONTINUE, server.output());

        server.send("hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "hello", server.output());
        server.finish();
    }

    @Test
    void withoutAHandlerAnAnswerWithoutReadingSendsNo100AndCloses() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.statusCode(401).end());
        server.send(EXPECTING);

        // The client may never send the body, which would have to be read before a next request: close.
        assertEquals(head("HTTP/1.1 401 Unauthorized", "Content-Length: 0", "Connection: close"), server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void a100AlreadySentIsNotSentAgainWhenTheBodyIsRead() {
        AtomicReference<Boolean> sent = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.writeContinue().thenRun(() -> sent.set(true));
            echo(req, res);
        });
        server.send(EXPECTING);
        assertEquals(CONTINUE, server.output());
        assertTrue(sent.get());

        server.send("hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "hello", server.output());
        server.finish();
    }

    @Test
    void theCheckContinueHandlerDecidesInsteadOfTheRequestHandler() {
        List<String> calls = new ArrayList<>();
        ConnectionConfig.Builder config = config().checkContinueHandler((req, res) -> {
            calls.add("check " + req.header("Content-Length"));
            assertTrue(succeeded(res.writeContinue()));
            echo(req, res);
        });
        EmbeddedServer server = EmbeddedServer.start(config, (req, res) -> calls.add("request"));
        server.send(EXPECTING);
        assertEquals(CONTINUE, server.output());

        server.send("hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "hello", server.output());
        assertEquals(List.of("check 5"), calls);
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void theCheckContinueHandlerMayRefuseWith417WithoutReadingAndTheConnectionCloses() {
        ConnectionConfig.Builder config = config().checkContinueHandler((req, res) -> res.statusCode(417).end());
        EmbeddedServer server = EmbeddedServer.start(config, ExpectContinueTest::echo);
        server.send(EXPECTING);

        assertEquals(head("HTTP/1.1 417 Expectation Failed", "Content-Length: 0", "Connection: close"),
                server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void theCheckContinueHandlerMayRefuseWith413() {
        ConnectionConfig.Builder config = config()
                .checkContinueHandler((req, res) -> res.statusCode(413).end("too big"));
        EmbeddedServer server = EmbeddedServer.start(config, ExpectContinueTest::echo);
        server.send(EXPECTING);

        assertEquals(head("HTTP/1.1 413 Content Too Large", "Content-Length: 7", "Connection: close") + "too big",
                server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void requestsWithoutExpectDoNotReachTheCheckContinueHandler() {
        List<String> calls = new ArrayList<>();
        ConnectionConfig.Builder config = config().checkContinueHandler((req, res) -> calls.add("check"));
        EmbeddedServer server = EmbeddedServer.start(config, (req, res) -> {
            calls.add("request");
            res.end();
        });
        server.send("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

        assertEquals(List.of("request"), calls);
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void anHttp10ExpectationIsIgnored() {
        EmbeddedServer server = EmbeddedServer.start(ExpectContinueTest::echo);
        // RFC 9110 §10.1.1: a 100-continue expectation in an HTTP/1.0 request MUST be ignored (and 1xx not sent).
        server.send("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertEquals("", server.output());

        server.send("hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", "Connection: close") + "hello", server.output());
        server.finish();
    }

    @Test
    void writeContinueToAnHttp10ClientWritesNothing() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> response.set(res));
        server.send("PUT / HTTP/1.0\r\nContent-Length: 5\r\n\r\n");

        assertTrue(succeeded(response.get().writeContinue()));
        assertEquals("", server.output());
        server.finish();
    }

    @Test
    void aBodylessRequestThatExpects100IsAnsweredWithoutClosing() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end("ok"));
        server.send("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n");

        // There is no body the client could be holding back, so nothing stands in the way of a next request.
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "ok", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void aClientThatSendsTheBodyWithoutWaitingIsServedNormally() {
        EmbeddedServer server = EmbeddedServer.start(ExpectContinueTest::echo);
        server.send(EXPECTING + "hello");

        assertEquals(CONTINUE + head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "hello", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }
}
