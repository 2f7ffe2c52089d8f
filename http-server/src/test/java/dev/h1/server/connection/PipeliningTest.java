package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.post;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelining (RFC 9112 §9.3.2): requests sent back to back are answered strictly in order, one exchange at a time,
 * and while a response is outstanding the connection reads no more from the socket ({@code autoRead} off).
 */
class PipeliningTest {

    /** An application that answers later: each exchange waits here until the test ends it. */
    private static final class Deferred {
        final ArrayDeque<ServerResponse> pending = new ArrayDeque<>();
        final List<String> handled = new ArrayList<>();

        void handle(ServerRequest request, ServerResponse response) {
            handled.add(request.url());
            pending.add(response);
        }
    }

    @Test
    void requestsInOneWriteAreAnsweredInOrderInOneWrite() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end(req.url()));

        server.send(get("/a") + get("/b") + get("/c"));

        assertEquals(1, server.channel().outboundMessages().size(), "responses of one read batch share a write");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "/a"
                + head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "/b"
                + head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "/c", server.output());
        assertTrue(server.isAutoRead());
        server.finish();
    }

    /**
     * Responses written before a malformed pipelined request are finished (their last byte written) before the 400
     * closes the connection: their {@code finished()} stages complete, in order, successfully.
     */
    @Test
    void responsesBeforeAMalformedPipelinedRequestFinish() {
        List<String> finished = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            String url = req.url();
            res.end(url).thenRun(() -> finished.add(url));
        });

        server.send(get("/1") + get("/2") + "GET /3 HTTP/1.1\r\nHost: x\r\nbad header\r\n\r\n");

        List<Response> answered = responses(server.output());
        assertEquals(3, answered.size());
        assertEquals("/1", answered.get(0).body());
        assertEquals("/2", answered.get(1).body());
        assertEquals("HTTP/1.1 400 Bad Request", answered.get(2).statusLine());
        assertEquals(List.of("/1", "/2"), finished);
        assertFalse(server.isOpen());
        server.finish();
    }

    /**
     * Responses ended in one read batch settle in order when the channel closes under the batch by a close h1 did not
     * make (nothing of h1 flushes first): none of their {@code finished()} stages waits forever.
     */
    @Test
    void endsOfABatchTheChannelClosesUnderAreToldAndWaitForNothing() {
        List<String> settled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            String url = req.url();
            res.end(url).whenComplete((ok, failure) -> settled.add(url + (failure == null ? " finished" : " failed")));
            if (url.equals("/2")) {
                req.channel().close(); // not h1's closeNow: nothing of h1 flushes first
            }
        });

        server.send(get("/1") + get("/2"));
        server.output();

        assertEquals(List.of("/1 failed", "/2 failed"), settled);
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void onlyOneExchangeIsDeliveredAtATime() {
        Deferred app = new Deferred();
        EmbeddedServer server = EmbeddedServer.start(app::handle);

        server.send(get("/a") + get("/b") + get("/c"));

        assertEquals(List.of("/a"), app.handled, "the next request waits until the response ended");
        assertEquals("", server.output());
        app.pending.poll().end("A");
        assertEquals(List.of("/a", "/b"), app.handled);
        assertEquals("A", responses(server.output()).get(0).body());
        app.pending.poll().end("B");
        app.pending.poll().end("C");
        assertEquals(List.of("/a", "/b", "/c"), app.handled);
        assertEquals(List.of("B", "C"), responses(server.output()).stream().map(Response::body).toList());
        server.finish();
    }

    @Test
    void asynchronousAnswersKeepRequestOrderEvenWhenLaterOnesAreFaster() {
        // Each handler answers after a delay; later requests have shorter delays.
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            long delay = switch (req.url()) {
                case "/slow" -> 30;
                case "/medium" -> 20;
                default -> 10;
            };
            req.channel().eventLoop().schedule(() -> res.end(req.url()), delay, TimeUnit.SECONDS);
        });

        server.send(get("/slow") + get("/medium") + get("/fast"));
        server.advanceSeconds(29);
        assertEquals("", server.output());
        server.advanceSeconds(1);
        server.advanceSeconds(20);
        server.advanceSeconds(10);

        List<Response> answered = responses(server.output());
        assertEquals(List.of("/slow", "/medium", "/fast"), answered.stream().map(Response::body).toList());
        server.finish();
    }

    @Test
    void autoReadIsOffWhileAResponseIsOutstandingAndOnAgainAfter() {
        Deferred app = new Deferred();
        EmbeddedServer server = EmbeddedServer.start(app::handle);
        assertTrue(server.isAutoRead());

        server.send(get("/a") + get("/b"));
        assertFalse(server.isAutoRead(), "a request is buffered while /a is outstanding");
        app.pending.poll().end();
        assertTrue(server.isAutoRead(), "/b is outstanding but complete and nothing waits: reading goes on");
        app.pending.poll().end();

        assertTrue(server.isAutoRead());
        assertEquals(2, responses(server.output()).size());
        server.finish();
    }

    @Test
    void readingGoesOnWhileACompleteRequestAwaitsItsResponseSoThatACloseIsNoticed() {
        Deferred app = new Deferred();
        EmbeddedServer server = EmbeddedServer.start(app::handle);

        server.send(get("/a"));
        assertTrue(server.isAutoRead(), "nothing waits: a client's close or the next request may be read");
        server.send(get("/b"));
        assertFalse(server.isAutoRead(), "/b waits its turn, so reading stops");
        app.pending.poll().end();
        app.pending.poll().end();

        assertTrue(server.isAutoRead());
        assertEquals(2, responses(server.output()).size());
        server.finish();
    }

    @Test
    void aRequestSplitAcrossWritesWhileTheFirstIsOutstandingWaitsItsTurn() {
        Deferred app = new Deferred();
        EmbeddedServer server = EmbeddedServer.start(app::handle);

        server.send(get("/a") + "GET /b HT");
        server.send("TP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(List.of("/a"), app.handled);
        app.pending.poll().end("A");
        app.pending.poll().end("B");

        assertEquals(List.of("A", "B"), responses(server.output()).stream().map(Response::body).toList());
        server.finish();
    }

    @Test
    void pipelinedRequestsWithBodiesAreAnsweredInOrder() {
        EmbeddedServer server = EmbeddedServer.start((req, res) ->
                req.bodyString(100, StandardCharsets.UTF_8).thenAccept(body -> res.end(req.url() + "=" + body)));

        server.send(post("/a", "one") + get("/b")
                + "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nthr\r\n2\r\nee\r\n0\r\n\r\n");

        assertEquals(List.of("/a=one", "/b=", "/c=three"),
                responses(server.output()).stream().map(Response::body).toList());
        server.finish();
    }

    @Test
    void pauseHoldsTheBodyAndTheRequestsBehindItUntilResume() {
        List<String> events = new ArrayList<>();
        ServerRequest[] first = new ServerRequest[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            events.add("handle " + req.url());
            if (!req.url().equals("/upload")) {
                res.end(req.url());
                return;
            }
            first[0] = req;
            req.pause();
            req.body(new BodyListener() {
                @Override
                public void onData(ByteBuf data) {
                    events.add("data " + data.toString(StandardCharsets.US_ASCII));
                }

                @Override
                public void onEnd(Headers trailers) {
                    events.add("end");
                    res.end("uploaded");
                }
            });
        });

        server.send(post("/upload", "0123456789") + get("/next"));

        assertEquals(List.of("handle /upload"), events);
        assertTrue(first[0].isPaused());
        assertFalse(server.isAutoRead(), "a paused body stops reading");
        assertEquals("", server.output());

        first[0].resume();

        assertEquals(List.of("handle /upload", "data 0123456789", "end", "handle /next"), events);
        assertEquals(List.of("uploaded", "/next"), responses(server.output()).stream().map(Response::body).toList());
        assertTrue(server.isAutoRead());
        server.finish();
    }

    @Test
    void pauseBetweenChunksHoldsTheRestOfTheBody() {
        List<String> events = new ArrayList<>();
        ServerRequest[] upload = new ServerRequest[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            if (req.url().equals("/next")) {
                res.end();
                return;
            }
            upload[0] = req;
            req.body(new BodyListener() {
                @Override
                public void onData(ByteBuf data) {
                    events.add("data " + data.toString(StandardCharsets.US_ASCII));
                    req.pause();
                }

                @Override
                public void onEnd(Headers trailers) {
                    events.add("end");
                    res.end();
                }
            });
        });

        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\none\r\n3\r\ntwo\r\n0\r\n\r\n" + get("/next"));
        assertEquals(List.of("data one"), events);
        assertFalse(server.isAutoRead());

        upload[0].resume();
        assertEquals(List.of("data one", "data two"), events);
        upload[0].resume();

        assertEquals(List.of("data one", "data two", "end"), events);
        assertEquals(2, responses(server.output()).size(), "the next request was answered after the upload");
        server.finish();
    }

    @Test
    void aBodyNobodyAskedForYetWaitsWithReadingPaused() {
        ServerRequest[] upload = new ServerRequest[1];
        ServerResponse[] response = new ServerResponse[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            upload[0] = req;
            response[0] = res;
        });

        server.send(post("/", "0123456789"));
        assertFalse(server.isAutoRead());
        StringBuilder body = new StringBuilder();
        upload[0].body(data -> body.append(data.toString(StandardCharsets.US_ASCII)));
        assertEquals("0123456789", body.toString());
        assertTrue(upload[0].isComplete());
        assertTrue(server.isAutoRead(), "the request is complete: reading goes on while its response is outstanding");
        response[0].end();

        assertTrue(server.isAutoRead());
        assertEquals(1, responses(server.output()).size());
        assertNull(server.closeReason());
        server.finish();
    }
}
