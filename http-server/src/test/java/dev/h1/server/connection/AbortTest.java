package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestAbortedException;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.pipeline.ConnectionGroup;
import dev.h1.server.testing.EmbeddedServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.post;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client goes away in the middle of an exchange (Node's 'aborted'): the body listener's {@code onError} gets a
 * {@link RequestAbortedException}, request and response say they were aborted, their {@code closed()} stages
 * complete, every buffer is released and nothing throws into the event loop.
 */
class AbortTest {

    /** The application's view of one exchange. */
    private static final class Exchange {
        final List<String> body = new ArrayList<>();
        ServerRequest request;
        ServerResponse response;
        Throwable error;

        void handle(ServerRequest req, ServerResponse res) {
            request = req;
            response = res;
            req.body(new BodyListener() {
                @Override
                public void onData(ByteBuf data) {
                    body.add("data " + data.readableBytes());
                }

                @Override
                public void onEnd(Headers trailers) {
                    body.add("end");
                }

                @Override
                public void onError(Throwable cause) {
                    body.add("error");
                    error = cause;
                }
            });
        }

        void assertAborted() {
            assertEquals("error", body.get(body.size() - 1), body.toString());
            assertInstanceOf(RequestAbortedException.class, error);
            assertTrue(request.isAborted());
            assertFalse(request.isComplete(), "the whole body was never received");
            assertTrue(isDone(request.closed()));
            assertTrue(response.isAborted());
            assertTrue(isDone(response.closed()));
            assertTrue(response.finished().toCompletableFuture().isCompletedExceptionally());
        }
    }

    private static boolean isDone(CompletionStage<?> stage) {
        return stage.toCompletableFuture().isDone();
    }

    /**
     * Not an abort: the server closes after answering a request that has no body. The decoder's end-of-body message
     * for it had not been delivered when the connection closed; the request was complete all the same (RFC 9112 §6.3).
     */
    @Test
    void aBodilessRequestAnsweredWithConnectionCloseIsCompleteNotAborted() {
        List<ServerRequest> requests = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            requests.add(req);
            res.end("bye");
        });
        server.send(get("/", "Connection: close"));
        assertEquals(1, responses(server.output()).size());
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        ServerRequest request = requests.get(0);
        assertFalse(request.isAborted());
        assertTrue(request.isComplete());
        assertTrue(isDone(request.closed()));
    }

    /**
     * {@code closed()} asked for while the exchange is being aborted (here from the body listener's {@code onError},
     * which runs before the response learns of it) completes only once both sides say they were aborted: a caller who
     * sees it complete, on any thread, sees {@code isAborted()} and a failed {@code finished()} too.
     */
    @Test
    void closedAskedForDuringTheAbortCompletesOnlyOnceBothSidesKnow() {
        List<String> seen = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
            }

            @Override
            public void onError(Throwable cause) {
                CompletionStage<Void> closed = res.closed();
                seen.add("closed " + isDone(closed) + " when the request learns it");
                closed.thenRun(() -> seen.add("closed, response aborted " + res.isAborted() + ", finished failed "
                        + res.finished().toCompletableFuture().isCompletedExceptionally()));
            }
        }));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        server.clientCloses();

        assertEquals(List.of("closed false when the request learns it",
                "closed, response aborted true, finished failed true"), seen);
        server.finish();
    }

    @Test
    void theClientClosingMidRequestBodyAbortsTheExchange() {
        Exchange app = new Exchange();
        EmbeddedServer server = EmbeddedServer.start(app::handle);

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        server.clientCloses();

        assertEquals(List.of("data 5", "error"), app.body);
        app.assertAborted();
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        assertEquals(List.of("open", "close CLIENT_ABORTED"), server.events());
        server.finish();
    }

    @Test
    void aRequestAbortedMidBodyNeverBecomesCompleteAndItsListenerHearsWhy() {
        Exchange app = new Exchange();
        EmbeddedServer server = EmbeddedServer.start(app::handle);
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        assertFalse(app.request.isComplete());

        server.clientCloses();

        assertFalse(app.request.isComplete(), "five of ten bytes came: the body is not complete, now or later");
        assertEquals(List.of("data 5", "error"), app.body, "onError instead of onEnd");
        assertInstanceOf(RequestAbortedException.class, app.error);
        assertTrue(app.request.trailers().isEmpty());
        server.finish();
    }

    @Test
    void theClientClosingWhenTheChannelFinishesAbortsTheExchangeToo() {
        Exchange app = new Exchange();
        EmbeddedServer server = EmbeddedServer.start(app::handle);

        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n");
        assertFalse(server.channel().finishAndReleaseAll());

        app.assertAborted();
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
    }

    @Test
    void theClientClosingMidResponseAbortsTheExchange() {
        Exchange app = new Exchange();
        EmbeddedServer server = EmbeddedServer.start(app::handle);

        server.send(get("/"));
        app.response.writeHead(200);
        app.response.write("part");
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked") + "4\r\npart\r\n",
                server.output());
        server.clientCloses();

        assertEquals(List.of("end"), app.body, "the request had ended: its listener is done");
        assertTrue(app.request.isAborted(), "the client went away before the exchange completed");
        assertTrue(isDone(app.request.closed()));
        assertTrue(app.response.isAborted());
        assertTrue(isDone(app.response.closed()));
        assertTrue(app.response.finished().toCompletableFuture().isCompletedExceptionally());
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        server.finish();
    }

    @Test
    void writingAfterTheClientLeftWritesNothingReleasesTheBufferAndFailsTheEnd() {
        Exchange app = new Exchange();
        EmbeddedServer server = EmbeddedServer.start(app::handle);
        server.send(get("/"));
        app.response.writeHead(200);
        app.response.write("part");
        server.output();
        server.clientCloses();

        ByteBuf late = Unpooled.copiedBuffer("more", StandardCharsets.US_ASCII);
        assertFalse(app.response.write(late), "there is no connection to write to");
        assertEquals(0, late.refCnt(), "write takes ownership (R6), also of what it can no longer write");
        CompletionStage<Void> ended = app.response.end("last");

        assertSame(app.response.finished(), ended);
        assertEquals("connection closed before the response ended", failure(ended).getMessage());
        assertEquals("", server.output());
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        server.finish();
    }

    @Test
    void theClientClosingBeforeTheApplicationAnswersAbortsTheResponse() {
        ServerResponse[] pending = new ServerResponse[1];
        ServerRequest[] request = new ServerRequest[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request[0] = req;
            pending[0] = res;
        });

        server.send(get("/"));
        server.clientCloses();

        assertTrue(pending[0].isAborted());
        assertTrue(isDone(pending[0].closed()));
        assertTrue(isDone(request[0].closed()));
        assertTrue(request[0].isAborted(), "the client went away before the exchange completed");
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        server.finish();
    }

    @Test
    void bodyAndPipelinedRequestsWaitingInTheQueueAreReleasedWhenTheClientLeaves() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> handled.add(req.url()));

        server.send(post("/upload", "0123456789") + post("/second", "abcdefghij") + get("/third"));
        server.clientCloses();

        assertEquals(List.of("/upload"), handled);
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        server.finish(); // the leak check fails the test if a waiting body piece was not released
    }

    @Test
    void aPausedBodyIsReleasedWhenTheClientLeaves() {
        Exchange app = new Exchange();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            req.pause();
            app.handle(req, res);
        });

        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n");
        assertEquals(List.of(), app.body);
        server.clientCloses();

        app.assertAborted();
        assertEquals(List.of("error"), app.body);
        server.finish();
    }

    @Test
    void aListenerThatKeptABufferCanStillReleaseItAfterTheAbort() {
        List<ByteBuf> kept = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(data -> kept.add(data.retain())));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        server.clientCloses();

        assertEquals(1, kept.size());
        assertEquals("01234", kept.get(0).toString(StandardCharsets.US_ASCII));
        kept.forEach(ByteBuf::release);
        server.finish();
    }

    @Test
    void aTransportFailureClosesTheConnectionAsAbortedAndNothingEscapes() {
        Exchange app = new Exchange();
        EmbeddedServer server = EmbeddedServer.start(app::handle);

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        server.channel().pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertDoesNotThrow(server.channel()::checkException);
        assertFalse(server.isOpen());
        app.assertAborted();
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        server.finish();
    }

    @Test
    void theClientClosingBetweenRequestsIsACleanClose() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());

        server.send(get("/"));
        assertEquals(1, responses(server.output()).size());
        server.clientCloses();

        assertEquals(CloseReason.CLIENT_CLOSED, server.closeReason());
        assertEquals(List.of("open", "close CLIENT_CLOSED"), server.events());
        server.finish();
    }

    @Test
    void theClientClosingWithHalfAHeadSentIsAnAbortAndNotAParseError() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> handled.add(req.url()));

        server.send("GET / HTTP/1.1\r\nHost: x\r\n");
        server.clientCloses();

        assertEquals(List.of(), handled);
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        server.finish();
    }

    @Test
    void aBodyListenerThatThrowsOnTheAbortDoesNotStopTheCloseNotificationOrTheRelease() {
        ConnectionGroup group = new ConnectionGroup();
        RequestHandler failsOnAbort = (req, res) -> req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
                req.pause(); // the second chunk waits in the queue
            }

            @Override
            public void onError(Throwable cause) {
                throw new IllegalStateException("listener failed");
            }
        });
        EmbeddedServer server = EmbeddedServer.start(EmbeddedServer.config(), failsOnAbort, group);

        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n");
        server.clientCloses();

        assertEquals(List.of("open", "close CLIENT_ABORTED"), server.events());
        assertEquals(0, group.size());
        server.finish(); // the waiting chunk must have been released
    }
}
