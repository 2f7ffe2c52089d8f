package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Valve;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Status, writeHead variants, headersSent, flushHeaders and the completion stages of a response. */
class ServerResponseTest {

    /** A server whose handler keeps the response and does nothing else; a GET has reached it. */
    private static EmbeddedServer capturing(AtomicReference<ServerResponse> response) {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> response.set(res));
        server.send(get("/"));
        return server;
    }

    @Test
    void theStatusIs200OkUntilSet() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        assertEquals(200, res.statusCode());
        assertEquals("OK", res.statusMessage());
        res.end();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void statusCodeSetsTheStatusAndItsRegisteredReason() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        assertSame(res, res.statusCode(404));
        assertEquals("Not Found", res.statusMessage());
        res.end("missing");
        assertEquals(head("HTTP/1.1 404 Not Found", "Content-Length: 7", KEEP_ALIVE) + "missing", server.output());
        server.finish();
    }

    @Test
    void statusMessageSetsACustomReasonPhrase() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        res.statusCode(299).statusMessage("Fine Anyway");
        assertEquals("Fine Anyway", res.statusMessage());
        res.end();
        assertEquals(head("HTTP/1.1 299 Fine Anyway", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void writeHeadWithStatusSendsItWithTheHeadersSetBefore() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        res.setHeader("X-Before", "1");
        assertFalse(res.headersSent());
        assertSame(res, res.writeHead(201));
        assertTrue(res.headersSent());
        assertEquals(201, res.statusCode());
        res.end();
        // As in Node: the length was not known when the head was written, so an HTTP/1.1 body is chunked.
        assertEquals(head("HTTP/1.1 201 Created", "X-Before: 1", KEEP_ALIVE, "Transfer-Encoding: chunked")
                + "0\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void writeHeadWithStatusAndReason() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        res.writeHead(202, "Queued For Later");
        assertEquals("Queued For Later", res.statusMessage());
        res.end();
        assertEquals(head("HTTP/1.1 202 Queued For Later", KEEP_ALIVE, "Transfer-Encoding: chunked") + "0\r\n\r\n",
                server.output());
        server.finish();
    }

    @Test
    void writeHeadWithHeadersReplacesSameNamedOnesAndKeepsTheRest() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        res.setHeader("Content-Type", "text/html").setHeader("X-Kept", "k");
        res.writeHead(200, new Headers().add("content-type", "text/plain").add("Content-Length", "2")
                .add("X-New", "a").add("X-New", "b"));
        res.end("ok");
        assertEquals(head("HTTP/1.1 200 OK", "X-Kept: k", "content-type: text/plain", "Content-Length: 2",
                "X-New: a", "X-New: b", KEEP_ALIVE) + "ok", server.output());
        server.finish();
    }

    @Test
    void writeHeadWithStatusReasonAndHeaders() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        res.writeHead(410, "Long Gone", new Headers().add("Content-Length", "0"));
        res.end();
        assertEquals(head("HTTP/1.1 410 Long Gone", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void writeHeadAloneDoesNotFlushLikeNode() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        res.writeHead(200);
        assertEquals("", server.output(), "the head waits for the first body bytes");
        res.write("x");
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked") + "1\r\nx\r\n", server.output());
        res.end();
        assertEquals("0\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void flushHeadersPutsTheHeadOnTheWireBeforeAnyBody() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        res.setHeader("Content-Type", "text/event-stream");
        assertSame(res, res.flushHeaders());
        assertTrue(res.headersSent());
        assertEquals(head("HTTP/1.1 200 OK", "Content-Type: text/event-stream", KEEP_ALIVE,
                "Transfer-Encoding: chunked"), server.output());

        res.write("data: 1\n\n");
        assertEquals("9\r\ndata: 1\n\n\r\n", server.output());
        res.end();
        assertEquals("0\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void flushHeadersAfterWriteHeadFlushesThatHead() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        res.writeHead(200, new Headers().add("Content-Length", "3")).flushHeaders();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 3", KEEP_ALIVE), server.output());
        res.end("abc");
        assertEquals("abc", server.output());
        server.finish();
    }

    @Test
    void headersSentTurnsTrueWithTheFirstWrite() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();

        assertFalse(res.headersSent());
        res.write("a");
        assertTrue(res.headersSent());
        res.end();
        server.output();
        server.finish();
    }

    @Test
    void finishedAndClosedCompleteWhenTheEndIsWritten() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();
        assertFalse(res.finished().toCompletableFuture().isDone());
        assertFalse(res.writableEnded());

        CompletionStage<Void> ended = res.end("done");
        assertTrue(res.writableEnded());
        assertSame(res.finished(), ended);
        assertTrue(succeeded(res.finished()));
        assertTrue(succeeded(res.closed()));
        assertFalse(res.isAborted());
        server.output();
        server.finish();
    }

    @Test
    void endCompletesOnlyOnceTheLastByteIsWrittenNotWhenItIsCalled() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();
        Valve valve = server.valve();

        CompletionStage<Void> ended = res.end("done");
        assertTrue(res.writableEnded());
        assertFalse(ended.toCompletableFuture().isDone(), "the bytes wait in the outbound buffer");
        assertFalse(res.closed().toCompletableFuture().isDone());

        valve.open();
        assertTrue(succeeded(ended));
        assertTrue(succeeded(res.closed()));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "done", server.output());
        server.finish();
    }

    @Test
    void aConnectionThatClosesBeforeTheEndAbortsTheResponse() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);
        ServerResponse res = response.get();
        res.write("partial");

        server.clientCloses();
        assertTrue(res.isAborted());
        assertInstanceOf(IllegalStateException.class, failure(res.finished()));
        assertEquals("connection closed before the response ended", failure(res.finished()).getMessage());
        assertTrue(succeeded(res.closed()));
        server.output();
        server.finish();
    }

    @Test
    void anUnregisteredStatusHasAnEmptyReasonPhrase() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = capturing(response);

        response.get().statusCode(999).end();
        assertEquals(head("HTTP/1.1 999 ", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }
}
