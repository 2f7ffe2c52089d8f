package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CheckContinueHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.connection.ApiHarness.KEEP_ALIVE;
import static dev.h1.server.connection.ApiHarness.channel;
import static dev.h1.server.connection.ApiHarness.config;
import static dev.h1.server.connection.ApiHarness.finish;
import static dev.h1.server.connection.ApiHarness.head;
import static dev.h1.server.connection.ApiHarness.send;
import static dev.h1.server.connection.ApiHarness.succeeded;
import static dev.h1.server.connection.ApiHarness.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Expect: 100-continue} (RFC 9110 §10.1.1) both ways: by default 100 (Continue) goes out only when the request
 * handler first asks for the body; with a {@link CheckContinueHandler} the application decides.
 */
class ExpectContinueTest {

    private static final String KEEP = KEEP_ALIVE.trim();
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
        EmbeddedChannel ch = channel((req, res) -> {
            request.set(req);
            response.set(res);
        });
        send(ch, EXPECTING);
        assertEquals("", wire(ch), "no 100 before the application wants the body");

        request.get().bodyString(100, StandardCharsets.UTF_8).thenAccept(response.get()::end);
        assertEquals(CONTINUE, wire(ch));

        send(ch, "hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP) + "hello", wire(ch));
        assertTrue(ch.isActive());
        finish(ch);
    }

    @Test
    void withoutAHandlerAHandlerThatReadsAtOnceGets100AtOnce() {
        EmbeddedChannel ch = channel(ExpectContinueTest::echo);
        send(ch, EXPECTING);
        assertEquals(CONTINUE, wire(ch));

        send(ch, "hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP) + "hello", wire(ch));
        finish(ch);
    }

    @Test
    void withoutAHandlerAnAnswerWithoutReadingSendsNo100AndCloses() {
        EmbeddedChannel ch = channel((req, res) -> res.statusCode(401).end());
        send(ch, EXPECTING);

        // The client may never send the body, which would have to be read before a next request: close.
        assertEquals(head("HTTP/1.1 401 Unauthorized", "Content-Length: 0", "Connection: close"), wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void a100AlreadySentIsNotSentAgainWhenTheBodyIsRead() {
        AtomicReference<Boolean> sent = new AtomicReference<>();
        EmbeddedChannel ch = channel((req, res) -> {
            res.writeContinue().thenRun(() -> sent.set(true));
            echo(req, res);
        });
        send(ch, EXPECTING);
        assertEquals(CONTINUE, wire(ch));
        assertTrue(sent.get());

        send(ch, "hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP) + "hello", wire(ch));
        finish(ch);
    }

    @Test
    void theCheckContinueHandlerDecidesInsteadOfTheRequestHandler() {
        List<String> calls = new ArrayList<>();
        ConnectionConfig config = config().checkContinueHandler((req, res) -> {
            calls.add("check " + req.header("Content-Length"));
            assertTrue(succeeded(res.writeContinue()));
            echo(req, res);
        }).build();
        EmbeddedChannel ch = channel(config, (req, res) -> calls.add("request"));
        send(ch, EXPECTING);
        assertEquals(CONTINUE, wire(ch));

        send(ch, "hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP) + "hello", wire(ch));
        assertEquals(List.of("check 5"), calls);
        assertTrue(ch.isActive());
        finish(ch);
    }

    @Test
    void theCheckContinueHandlerMayRefuseWith417WithoutReadingAndTheConnectionCloses() {
        ConnectionConfig config = config().checkContinueHandler((req, res) -> res.statusCode(417).end()).build();
        EmbeddedChannel ch = channel(config, ExpectContinueTest::echo);
        send(ch, EXPECTING);

        assertEquals(head("HTTP/1.1 417 Expectation Failed", "Content-Length: 0", "Connection: close"), wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void theCheckContinueHandlerMayRefuseWith413() {
        ConnectionConfig config = config().checkContinueHandler((req, res) -> res.statusCode(413).end("too big")).build();
        EmbeddedChannel ch = channel(config, ExpectContinueTest::echo);
        send(ch, EXPECTING);

        assertEquals(head("HTTP/1.1 413 Content Too Large", "Content-Length: 7", "Connection: close") + "too big",
                wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void requestsWithoutExpectDoNotReachTheCheckContinueHandler() {
        List<String> calls = new ArrayList<>();
        ConnectionConfig config = config().checkContinueHandler((req, res) -> calls.add("check")).build();
        EmbeddedChannel ch = channel(config, (req, res) -> {
            calls.add("request");
            res.end();
        });
        send(ch, "PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

        assertEquals(List.of("request"), calls);
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP), wire(ch));
        finish(ch);
    }

    @Test
    void anHttp10ExpectationIsIgnored() {
        EmbeddedChannel ch = channel(ExpectContinueTest::echo);
        // RFC 9110 §10.1.1: a 100-continue expectation in an HTTP/1.0 request MUST be ignored (and 1xx not sent).
        send(ch, "PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertEquals("", wire(ch));

        send(ch, "hello");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", "Connection: close") + "hello", wire(ch));
        finish(ch);
    }

    @Test
    void writeContinueToAnHttp10ClientWritesNothing() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedChannel ch = channel((req, res) -> response.set(res));
        send(ch, "PUT / HTTP/1.0\r\nContent-Length: 5\r\n\r\n");

        assertTrue(succeeded(response.get().writeContinue()));
        assertEquals("", wire(ch));
        finish(ch);
    }

    @Test
    void aBodylessRequestThatExpects100IsAnsweredWithoutClosing() {
        EmbeddedChannel ch = channel((req, res) -> res.end("ok"));
        send(ch, "GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n");

        // There is no body the client could be holding back, so nothing stands in the way of a next request.
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP) + "ok", wire(ch));
        assertTrue(ch.isActive());
        finish(ch);
    }

    @Test
    void aClientThatSendsTheBodyWithoutWaitingIsServedNormally() {
        EmbeddedChannel ch = channel(ExpectContinueTest::echo);
        send(ch, EXPECTING + "hello");

        assertEquals(CONTINUE + head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP) + "hello", wire(ch));
        assertTrue(ch.isActive());
        finish(ch);
    }
}
