package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.BodyTooLargeException;
import dev.h1.server.api.RequestAbortedException;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request side of the API (Node's IncomingMessage): the head accessors, body streaming and aggregation. */
class ServerRequestTest {

    /** A server whose handler keeps the request and does not answer. */
    private static EmbeddedServer capturing(AtomicReference<ServerRequest> request) {
        return EmbeddedServer.start((req, res) -> request.set(req));
    }

    @Test
    void exposesMethodUrlPathQueryAndVersionOfAnOriginFormTarget() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send("PATCH /a/b%20c?x=1&y=%41 HTTP/1.1\r\nHost: x\r\n\r\n");

        ServerRequest req = request.get();
        assertEquals("PATCH", req.method());
        assertEquals("/a/b%20c?x=1&y=%41", req.url());
        assertEquals("/a/b%20c", req.path());
        assertEquals("x=1&y=%41", req.rawQuery());
        assertEquals(Map.of("x", List.of("1"), "y", List.of("A")), req.queryParameters());
        assertEquals("A", req.queryParameter("y"));
        assertNull(req.queryParameter("z"));
        assertEquals(HttpVersion.HTTP_1_1, req.version());
        server.finish();
    }

    @Test
    void takesThePathOfAnAbsoluteFormTargetAndKeepsTheUrlAsReceived() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send("GET http://example.com:8080/p/q?k=v HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");

        assertEquals("http://example.com:8080/p/q?k=v", request.get().url());
        assertEquals("/p/q", request.get().path());
        assertEquals("k=v", request.get().rawQuery());
        server.finish();
    }

    @Test
    void hasNoQueryWithoutQuestionMark() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send(get("/plain"));

        assertNull(request.get().rawQuery());
        assertEquals(Map.of(), request.get().queryParameters());
        server.finish();
    }

    @Test
    void reportsHttp10Requests() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send("GET / HTTP/1.0\r\n\r\n");

        assertEquals(HttpVersion.HTTP_1_0, request.get().version());
        assertFalse(request.get().isKeepAlive());
        server.finish();
    }

    @Test
    void looksUpHeadersIgnoringCaseAndKeepsEveryValue() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send("GET / HTTP/1.1\r\nHost: x\r\nX-Tag: one\r\nAccept: */*\r\nx-tag: two\r\n\r\n");

        ServerRequest req = request.get();
        assertEquals("one", req.header("X-TAG"));
        assertEquals("one", req.headers().get("x-tag"));
        assertEquals(List.of("one", "two"), req.headers().getAll("X-Tag"));
        assertEquals(List.of("Host", "X-Tag", "Accept"), List.copyOf(req.headers().names()));
        assertNull(req.header("Missing"));
        server.finish();
    }

    @Test
    void twoCookieLinesAreBothSeenInTheMergedViewAndTheRawListStaysAsReceived() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send("GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1\r\nAccept: text/html\r\ncookie: b=2\r\n"
                + "Accept: */*\r\n\r\n");

        ServerRequest req = request.get();
        assertEquals("a=1; b=2", req.headersMerged().get("cookie"));
        assertEquals("text/html, */*", req.headersMerged().get("accept"));
        assertEquals(List.of("a=1", "b=2"), req.headersDistinct().get("cookie"));
        assertSame(req.headersMerged(), req.headersMerged(), "made once");
        assertEquals("a=1", req.header("Cookie"), "header() stays the first value");
        assertEquals(5, req.headers().size());
        server.finish();
    }

    @Test
    void rawHeadersAlternateNamesAndValuesInReceivedOrderAndCase() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send("GET / HTTP/1.1\r\nhOST: x\r\nX-Tag:  one \r\nACCEPT: */*\r\nx-tag: two\r\n\r\n");

        List<String> raw = request.get().rawHeaders();
        assertEquals(List.of("hOST", "x", "X-Tag", "one", "ACCEPT", "*/*", "x-tag", "two"), raw);
        assertThrows(UnsupportedOperationException.class, () -> raw.add("x"));
        server.finish();
    }

    @Test
    void exposesTheConnectionItsAddressesAndChannel() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send(get("/"));

        ServerRequest req = request.get();
        assertSame(server.channel(), req.channel());
        assertSame(server.channel(), req.connection().channel());
        assertEquals(server.channel().remoteAddress(), req.remoteAddress());
        assertEquals(server.channel().localAddress(), req.localAddress());
        assertEquals(1, req.connection().requestCount());
        server.finish();
    }

    @Test
    void isKeepAliveFollowsTheClientsConnectionField() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send(get("/"));
        assertTrue(request.get().isKeepAlive());
        server.finish();

        server = capturing(request);
        server.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertFalse(request.get().isKeepAlive());
        server.finish();

        server = capturing(request);
        server.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertTrue(request.get().isKeepAlive());
        server.finish();
    }

    @Test
    void isKeepAliveTurnsFalseWhenTheResponseAsksForClose() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            res.setHeader("Connection", "close").end();
        });
        server.send(get("/"));

        assertFalse(request.get().isKeepAlive());
        server.output();
        server.finish();
    }

    // ---- streaming body ----

    @Test
    void lendsEachBodyPieceForTheCallOnly() {
        List<ByteBuf> seen = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(data -> {
            seen.add(data);
            text.append(data.toString(StandardCharsets.US_ASCII));
        }));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello");
        server.send("world");

        assertEquals("helloworld", text.toString());
        assertEquals(2, seen.size());
        for (ByteBuf data : seen) {
            assertEquals(0, data.refCnt(), "a lent buffer is released after the call");
        }
        server.finish();
    }

    @Test
    void aRetainedBodyPieceStaysReadableUntilReleased() {
        AtomicReference<ByteBuf> kept = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(data -> kept.set(data.retain())));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");

        ByteBuf data = kept.get();
        assertEquals(1, data.refCnt());
        assertEquals("hello", data.toString(StandardCharsets.US_ASCII));
        assertTrue(data.release());
        server.finish();
    }

    @Test
    void endsAChunkedBodyWithItsTrailers() {
        StringBuilder events = new StringBuilder();
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            req.body(new BodyListener() {
                @Override
                public void onData(ByteBuf data) {
                    events.append("data ").append(data.toString(StandardCharsets.US_ASCII)).append('\n');
                }

                @Override
                public void onEnd(Headers trailers) {
                    events.append("end ").append(trailers).append('\n');
                    res.end();
                }
            });
        });
        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\nX-Checksum: 99\r\nX-Other: o\r\n\r\n");

        assertEquals("data abc\ndata de\nend Headers[X-Checksum: 99, X-Other: o]\n", events.toString());
        assertTrue(request.get().isComplete());
        assertEquals("99", request.get().trailers().get("x-checksum"));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void endsABodyWithoutTrailersWithEmptyTrailers() {
        AtomicReference<Headers> trailers = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
            }

            @Override
            public void onEnd(Headers received) {
                trailers.set(received);
            }
        }));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");

        assertTrue(trailers.get().isEmpty());
        server.finish();
    }

    @Test
    void aBodylessRequestEndsAsSoonAsAListenerIsRegistered() {
        List<String> events = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
                events.add("data");
            }

            @Override
            public void onEnd(Headers trailers) {
                events.add("end");
            }
        }));
        server.send(get("/"));

        assertEquals(List.of("end"), events);
        server.finish();
    }

    @Test
    void theBodyWaitsUntilTheApplicationAsksForIt() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            response.set(res);
        });
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        assertFalse(server.isAutoRead(), "nobody reads the body: the socket is not read either");

        CompletionStage<String> body = request.get().bodyString(100, StandardCharsets.UTF_8);
        assertEquals("hello", body.toCompletableFuture().getNow(null));
        response.get().end(body.toCompletableFuture().getNow(null));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "hello", server.output());
        assertTrue(server.isAutoRead());
        server.finish();
    }

    @Test
    void aSecondBodyConsumerIsRefused() {
        AtomicReference<Exception> refused = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            req.body(data -> { });
            refused.set(assertThrows(IllegalStateException.class, () -> req.body(data -> { })));
            res.end();
        });
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");

        assertEquals("the request body already has a consumer", refused.get().getMessage());
        server.output();
        server.finish();
    }

    @Test
    void aNullListenerIsRefused() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send(get("/"));

        assertThrows(IllegalArgumentException.class, () -> request.get().body(null));
        server.finish();
    }

    @Test
    void pauseHoldsBodyDataAndStopsReadingUntilResume() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        List<String> events = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            req.body(new BodyListener() {
                @Override
                public void onData(ByteBuf data) {
                    events.add(data.toString(StandardCharsets.US_ASCII));
                    req.pause();
                }

                @Override
                public void onEnd(Headers trailers) {
                    events.add("end");
                    res.end();
                }
            });
        });
        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n");
        assertEquals(List.of("one"), events);
        assertTrue(request.get().isPaused());
        assertFalse(server.isAutoRead(), "a paused body stops reading from the socket");

        server.send("3\r\ntwo\r\n0\r\n\r\n");
        assertEquals(List.of("one"), events, "nothing is delivered while paused");

        request.get().resume();
        assertEquals(List.of("one", "two"), events);
        request.get().resume();
        assertEquals(List.of("one", "two", "end"), events);
        assertFalse(request.get().isPaused());
        assertTrue(server.isAutoRead());
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void pauseBeforeTheFirstPieceHoldsTheWholeBody() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        StringBuilder text = new StringBuilder();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            req.pause();
            req.body(data -> text.append(data.toString(StandardCharsets.US_ASCII)));
        });
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals("", text.toString());
        assertFalse(request.get().isComplete());

        request.get().resume();
        assertEquals("hello", text.toString());
        assertTrue(request.get().isComplete());
        server.finish();
    }

    // ---- aggregation ----

    @Test
    void bodyBytesAggregatesPiecesThatArriveSeparately() {
        AtomicReference<CompletionStage<byte[]>> body = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> body.set(req.bodyBytes(10)));
        server.send("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        assertFalse(body.get().toCompletableFuture().isDone());
        server.send("56789");

        assertEquals("0123456789",
                new String(body.get().toCompletableFuture().getNow(null), StandardCharsets.US_ASCII));
        server.finish();
    }

    @Test
    void bodyStringDecodesWithTheGivenCharset() {
        AtomicReference<CompletionStage<String>> body = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) ->
                body.set(req.bodyString(100, StandardCharsets.UTF_8)));
        byte[] utf8 = "caf\u00e9 \u2713".getBytes(StandardCharsets.UTF_8);
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + utf8.length + "\r\n\r\n"
                + new String(utf8, StandardCharsets.ISO_8859_1));

        assertEquals("caf\u00e9 \u2713", body.get().toCompletableFuture().getNow(null));
        server.finish();
    }

    @Test
    void bodyBytesOfAnEmptyBodyIsEmpty() {
        AtomicReference<CompletionStage<byte[]>> body = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> body.set(req.bodyBytes(0)));
        server.send(get("/"));

        assertEquals(0, body.get().toCompletableFuture().getNow(null).length);
        server.finish();
    }

    @Test
    void aNegativeMaximumIsRefused() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = capturing(request);
        server.send(get("/"));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> request.get().bodyBytes(-1));
        assertEquals("maxBytes must be >= 0: -1", refused.getMessage());
        request.get().bodyBytes(0); // the body is still there for a correct call
        server.finish();
    }

    @Test
    void aBodyOverTheMaximumFailsWithBodyTooLargeAndIsAnswered413ThenClosed() {
        AtomicReference<CompletionStage<byte[]>> body = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> body.set(req.bodyBytes(4)));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");

        BodyTooLargeException tooLarge = assertInstanceOf(BodyTooLargeException.class, failure(body.get()));
        assertEquals("request body exceeds 4 bytes", tooLarge.getMessage());
        assertEquals(head("HTTP/1.1 413 Content Too Large", "Content-Type: text/plain; charset=utf-8",
                "Content-Length: 17", "Connection: close") + "Content Too Large", server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void aBodyOverTheMaximumAnsweredByTheApplicationStillGetsOne413() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.bodyBytes(4).whenComplete((bytes, error) -> {
            seen.set(error);
            if (error != null && !res.headersSent()) {
                res.statusCode(400).end("app");
            }
        }));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");

        assertInstanceOf(BodyTooLargeException.class, seen.get());
        assertEquals(head("HTTP/1.1 413 Content Too Large", "Content-Type: text/plain; charset=utf-8",
                "Content-Length: 17", "Connection: close") + "Content Too Large", server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void aBodyOverTheMaximumAfterTheHeadWasSentClosesWithoutAnotherAnswer() {
        AtomicReference<CompletionStage<byte[]>> body = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.flushHeaders();
            body.set(req.bodyBytes(4));
        });
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");

        assertInstanceOf(BodyTooLargeException.class, failure(body.get()));
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked"), server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    // ---- abort ----

    @Test
    void aClientThatGoesAwayMidBodyAbortsTheRequest() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            req.body(new BodyListener() {
                @Override
                public void onData(ByteBuf data) {
                }

                @Override
                public void onError(Throwable cause) {
                    error.set(cause);
                }
            });
        });
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        assertFalse(request.get().closed().toCompletableFuture().isDone());

        server.clientCloses();
        assertInstanceOf(RequestAbortedException.class, error.get());
        assertTrue(request.get().isAborted());
        assertTrue(succeeded(request.get().closed()));
        server.finish();
    }

    @Test
    void closedCompletesAfterTheResponseEndsWithoutAbort() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            res.end("ok");
        });
        server.send(get("/"));

        assertTrue(succeeded(request.get().closed()));
        assertFalse(request.get().isAborted());
        server.output();
        server.finish();
    }
}
